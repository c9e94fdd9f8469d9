using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;

namespace K0sStandIn.Commands;

/// <summary>
/// The paths and config a one-shot command acts on: those of the running service when there is one (its runtime
/// config), else the ones the flags and config file give, as k0s's GetCmdOpts does.
/// </summary>
internal sealed record CommandContext(K0sVars Vars, ClusterConfig Config)
{
    public static CommandContext Resolve(ParsedArgs args)
    {
        var fromFlags = K0sVars.For(args.String("data-dir"), args.String("status-socket"), args.String("config"));
        if (RuntimeConfig.TryRead(fromFlags.RunDir) is ({ } vars, { } running))
        {
            return new CommandContext(vars, running);
        }

        var config = ConfigDefaults.Apply(ConfigLoader.Load(args.String("config")), HostFacts.Detect(), singleNode: false);
        return new CommandContext(fromFlags, config);
    }

    /// <summary>https://&lt;externalAddress or api.address&gt;:&lt;port&gt;, k0s's APIAddressURL for a port.</summary>
    public string ApiUrl(int port)
    {
        var api = Config.Spec.Api;
        var host = string.IsNullOrEmpty(api.ExternalAddress) ? api.Address : api.ExternalAddress;
        return $"https://{(host!.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
    }

    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new CliException("this command must be run as root!");
        }
    }
}
