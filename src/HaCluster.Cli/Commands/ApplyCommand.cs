using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl apply</c>: makes the hosts match the config; with --dry-run, prints the plan and changes nothing.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change, per host and phase, and change nothing (exit 3 when changes are pending)" };
        var force = new Option<bool>("--force") { Description = "Override the safety checks that allow it" };
        var kubeconfigOut = new Option<string?>("--kubeconfig-out")
        {
            Description = "Write the admin kubeconfig (server: the load balancer) to FILE with mode 0600",
            HelpName = "FILE",
        };
        var command = new Command("apply", "Build or update the cluster the config describes") { config, dryRun, force, kubeconfigOut };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var loaded = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (loaded.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var kubeconfigPath = parseResult.GetValue(kubeconfigOut);
            var json = run.Json(parseResult);
            using var log = run.OpenLog(parseResult, ApplyOperation.Name);
            IEventSink screen = json ? new JsonEventSink(console.Out) : new TextEventSink(console.Out);
            var context = new RunContext(model, run.RunOptions(parseResult, parseResult.GetValue(dryRun), parseResult.GetValue(force)),
                new FanOutSink(screen, log), ApplyOperation.Name);
            await using var transport = new OpenSshTransport(run.TransportOptions(parseResult, log, context.Secrets));
            var operation = ApplyOperation.Create(transport, fetchKubeconfig: kubeconfigPath is not null && !context.Options.DryRun);

            var outcome = await OperationRunner.RunAsync(operation, context, cancellationToken);

            if (outcome.Status == RunStatus.Succeeded && kubeconfigPath is not null && context.State.TryGet<FetchedKubeconfig>() is { } kubeconfig)
            {
                PrivateFile.Write(kubeconfigPath, kubeconfig.Yaml);
            }
            if (!json)
            {
                RunSummary.Print(console.Out, context, outcome, log.Path, kubeconfigPath);
            }
            return RunExitCode.For(outcome, context.Options.DryRun);
        });
        return command;
    }
}
