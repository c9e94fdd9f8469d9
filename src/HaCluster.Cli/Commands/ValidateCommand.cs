using System.CommandLine;
using HaCluster.Model;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl validate</c>: every static check of the config, no host contacted.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var command = new Command("validate", "Check the config file (every problem at once, with its line); contacts no host")
        {
            config,
        };
        command.SetAction(parseResult =>
        {
            var result = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (result.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            console.Out.WriteLine($"valid: {Describe(model)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(ClusterModel model)
    {
        var roles = model.Hosts.GroupBy(h => h.Role).Select(g => $"{g.Count()} {RoleName(g.Key)}");
        var lb = model.LoadBalancer.Type switch
        {
            LoadBalancerType.None => "no load balancer",
            LoadBalancerType.External => $"external load balancer at {model.LoadBalancer.ExternalAddress}",
            var type => $"{(type == LoadBalancerType.Cplb ? "cplb" : "haproxy-keepalived")} load balancer at {model.LoadBalancer.VirtualIP}",
        };
        return $"cluster {model.Name}: {string.Join(", ", roles)}; {lb}";
    }

    private static string RoleName(HostRole role) => role switch
    {
        HostRole.Controller => "controller(s)",
        HostRole.Worker => "worker(s)",
        HostRole.ControllerWorker => "controller+worker(s)",
        HostRole.Single => "single",
        _ => "loadbalancer(s)",
    };
}
