using K0sStandIn.Cli;

namespace K0sStandIn.Commands;

/// <summary><c>k0s kubeconfig admin</c>: admin.conf with the server rewritten to the cluster's API address.</summary>
internal static class KubeconfigAdminCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile);

    public static Task<int> RunAsync(ParsedArgs args)
    {
        var context = CommandContext.Resolve(args);
        var path = context.Vars.AdminKubeConfigPath;
        if (!File.Exists(path))
        {
            throw new CliException($"admin config \"{path}\" not found, check if the control plane is initialized on this node");
        }

        var port = context.Config.Spec.Api.Port!.Value;
        Console.Write(File.ReadAllText(path).Replace($"https://localhost:{port}", context.ApiUrl(port), StringComparison.Ordinal));
        return Task.FromResult(0);
    }
}
