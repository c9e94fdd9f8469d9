using System.CommandLine;
using HaCluster.Spec;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl init</c>: a commented config to start from, on stdout.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var controllers = new Option<int>("--controllers")
        {
            Description = $"Number of controllers (1-{InitTemplate.MaxControllers}; 3 or another odd number for HA)",
            DefaultValueFactory = _ => 3,
        };
        controllers.Validators.Add(r => InRange(r, 1, InitTemplate.MaxControllers, "--controllers"));
        var workers = new Option<int>("--workers")
        {
            Description = $"Number of workers (0-{InitTemplate.MaxWorkers})",
            DefaultValueFactory = _ => 2,
        };
        workers.Validators.Add(r => InRange(r, 0, InitTemplate.MaxWorkers, "--workers"));
        var lb = new Option<string>("--lb")
        {
            Description = "Load balancer: hactl's own HAProxy + keepalived hosts, k0s's CPLB, or an external one",
            DefaultValueFactory = _ => LoadBalancerTypes.HaproxyKeepalived,
        };
        lb.AcceptOnlyFromAmong([.. LoadBalancerTypes.All]);
        var command = new Command("init", "Print a commented starting config for a new cluster")
        {
            controllers,
            workers,
            lb,
        };
        command.SetAction(parseResult =>
        {
            console.Out.Write(InitTemplate.Render(
                parseResult.GetValue(controllers), parseResult.GetValue(workers), parseResult.GetRequiredValue(lb)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void InRange(System.CommandLine.Parsing.OptionResult result, int min, int max, string name)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{name} must be {min}-{max}, not {value}");
        }
    }
}
