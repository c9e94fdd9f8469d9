using System.Diagnostics;
using K0sStandIn.Config;

namespace K0sStandIn.Commands;

/// <summary>
/// <c>k0s kubectl …</c>: the machine's real kubectl with KUBECONFIG set to this node's admin.conf (controllers) or
/// kubelet.conf (workers), exit code passed through.
/// </summary>
internal static class KubectlCommand
{
    public const string Binary = "/usr/bin/kubectl";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var (dataDir, rest) = TakeDataDir(arguments);
        var vars = K0sVars.For(dataDir);
        var start = new ProcessStartInfo(File.Exists(Binary) ? Binary : "kubectl") { UseShellExecute = false };
        foreach (var argument in rest)
        {
            start.ArgumentList.Add(argument);
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            start.Environment["KUBECONFIG"] = File.Exists(vars.AdminKubeConfigPath) ? vars.AdminKubeConfigPath : vars.KubeletAuthConfigPath;
        }

        using var kubectl = Process.Start(start)!;
        await kubectl.WaitForExitAsync();
        return kubectl.ExitCode;
    }

    // --data-dir belongs to k0s; everything else is kubectl's.
    private static (string? DataDir, List<string> Remaining) TakeDataDir(IReadOnlyList<string> arguments)
    {
        string? dataDir = null;
        var rest = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].StartsWith("--data-dir=", StringComparison.Ordinal))
            {
                dataDir = arguments[i]["--data-dir=".Length..];
            }
            else if (arguments[i] == "--data-dir" && i + 1 < arguments.Count)
            {
                dataDir = arguments[++i];
            }
            else
            {
                rest.Add(arguments[i]);
            }
        }

        return (dataDir, rest);
    }
}
