using System.CommandLine;
using System.Text.Json;
using HaCluster.Cli.Events;
using HaCluster.Operations;
using HaCluster.Pipeline;
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
            await using var hostRun = HostRun.Open(parseResult, console, config, run, StatusOperation.Name, ScreenEvents.ProblemsOnStderr);
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }

            var outcome = await hostRun.RunAsync(StatusOperation.Create, cancellationToken);

            if (outcome.Status != RunStatus.Succeeded || outcome.Result is not { } status)
            {
                return RunExitCode.For(outcome, dryRun: false);
            }
            await console.Out.WriteAsync(hostRun.Json
                ? JsonSerializer.Serialize(status, JsonEventSink.Options) + "\n"
                : StatusReport.Render(status));
            return !status.Conclusive ? ExitCodes.HostFailed : status.Healthy ? ExitCodes.Ok : ExitCodes.Degraded;
        });
        return command;
    }
}
