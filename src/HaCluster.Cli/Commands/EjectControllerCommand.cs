using System.CommandLine;
using HaCluster.Operations;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl eject-controller NODE</c>: removes a controller from the cluster safely, refusing (exit 4) when etcd's
/// quorum or health says it is unsafe; with --dry-run, prints the plan and changes nothing.
/// </summary>
internal static class EjectControllerCommand
{
    public static Command Create(CliConsole console)
    {
        var node = new Argument<string>("NODE") { Description = "The controller to eject: its hostname, its name in the config, or its address" };
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and print what would change, and change nothing (exit 3 when changes are pending)" };
        var force = new Option<bool>("--force")
        {
            Description = "Eject although a remaining etcd member is unhealthy, as long as quorum still holds (never past quorum or the last controller)",
        };
        var command = new Command("eject-controller", "Remove a controller from the cluster: drain, etcd, load balancer, reset") { node, config, dryRun, force };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var hostRun = HostRun.Open(parseResult, console, config, run, EjectControllerOperation.Name, ScreenEvents.AllOnStdout,
                parseResult.GetValue(dryRun), parseResult.GetValue(force));
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var target = parseResult.GetRequiredValue(node);

            var outcome = await hostRun.RunAsync(transport => EjectControllerOperation.Create(transport, target), cancellationToken);

            if (!hostRun.Json)
            {
                RunSummary.Print(console.Out, hostRun.Context, outcome, hostRun.LogPath, null, $"nothing to do, {target} is already ejected");
            }
            return RunExitCode.For(outcome, hostRun.Context.Options.DryRun);
        });
        return command;
    }
}
