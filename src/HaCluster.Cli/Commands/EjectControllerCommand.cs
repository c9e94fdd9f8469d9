using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.Remote;

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
            var loaded = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (loaded.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var target = parseResult.GetRequiredValue(node);
            var json = run.Json(parseResult);
            using var log = run.OpenLog(parseResult, EjectControllerOperation.Name);
            IEventSink screen = json ? new JsonEventSink(console.Out) : new TextEventSink(console.Out);
            var context = new RunContext(model, run.RunOptions(parseResult, parseResult.GetValue(dryRun), parseResult.GetValue(force)),
                new FanOutSink(screen, log), EjectControllerOperation.Name);
            await using var transport = new OpenSshTransport(run.TransportOptions(parseResult, log, context.Secrets));

            var outcome = await OperationRunner.RunAsync(EjectControllerOperation.Create(transport, target), context, cancellationToken);

            if (!json)
            {
                RunSummary.Print(console.Out, context, outcome, log.Path, null, $"nothing to do, {target} is already ejected");
            }
            return RunExitCode.For(outcome, context.Options.DryRun);
        });
        return command;
    }
}
