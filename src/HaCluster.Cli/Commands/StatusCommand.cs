using System.CommandLine;
using System.Text.Json;
using HaCluster.Cli.Events;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Status;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl status</c>: hosts, services, etcd members and load balancer backends, as tables or one JSON object on
/// stdout. Exit 0 healthy, 5 degraded, 1 when it cannot tell (no controller reachable). Changes nothing.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var command = new Command("status", "Show hosts, services, etcd members and load balancer backends; exit 5 when degraded") { config };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (loaded.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var json = run.Json(parseResult);
            using var log = run.OpenLog(parseResult, StatusOperation.Name);
            // stdout is the report itself; what goes wrong while reading goes to stderr.
            IEventSink screen = new ProblemsOnlySink(json ? new JsonEventSink(console.Error) : new TextEventSink(console.Error));
            var context = new RunContext(model, run.RunOptions(parseResult), new FanOutSink(screen, log), StatusOperation.Name);
            await using var transport = new OpenSshTransport(run.TransportOptions(parseResult, log, context.Secrets));

            var outcome = await OperationRunner.RunAsync(StatusOperation.Create(transport), context, cancellationToken);

            if (outcome.Status != RunStatus.Succeeded || context.State.TryGet<ClusterStatus>() is not { } status)
            {
                return RunExitCode.For(outcome, dryRun: false);
            }
            await console.Out.WriteAsync(json
                ? JsonSerializer.Serialize(status, JsonEventSink.Options) + "\n"
                : StatusReport.Render(status));
            return !status.Conclusive ? ExitCodes.HostFailed : status.Healthy ? ExitCodes.Ok : ExitCodes.Degraded;
        });
        return command;
    }
}
