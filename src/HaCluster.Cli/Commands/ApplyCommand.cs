using System.CommandLine;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl apply</c>: makes the hosts match the config; with --dry-run, prints the plan and changes nothing.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change, per host and phase, and change nothing (exit 3 when changes are pending)" };
        var kubeconfigOut = new Option<string?>("--kubeconfig-out")
        {
            Description = "Write the admin kubeconfig (server: the load balancer) to FILE with mode 0600",
            HelpName = "FILE",
        };
        var noDrain = new Option<bool>("--no-drain") { Description = "Upgrade k0s without cordoning and draining each node before its restart" };
        var force = new Option<bool>("--force")
        {
            Description = "Upgrade even though the hosts already run more than two k0s versions (never overrides a downgrade, a skipped minor or an unhealthy controller)",
        };
        var restoreFrom = new Option<string?>("--restore-from")
        {
            Description = "Build the cluster from a `hactl backup` archive: restored onto the controller whose private address is its etcd peerAddress (refused when a controller already runs a cluster)",
            HelpName = "FILE",
        };
        var command = new Command("apply", "Build or update the cluster the config describes") { config, dryRun, kubeconfigOut, noDrain, force, restoreFrom };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var hostRun = HostRun.Open(parseResult, console, config, run, ApplyOperation.Name, ScreenEvents.AllOnStdout,
                parseResult.GetValue(dryRun), parseResult.GetValue(force), parseResult.GetValue(noDrain));
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var kubeconfigPath = parseResult.GetValue(kubeconfigOut);
            var context = hostRun.Context;

            var upgraded = new UpgradeTally();
            var outcome = await hostRun.RunAsync(
                transport => ApplyOperation.Create(
                    transport, fetchKubeconfig: kubeconfigPath is not null && !context.Options.DryRun, upgraded, parseResult.GetValue(restoreFrom)), cancellationToken);

            if (outcome.Status == RunStatus.Succeeded && kubeconfigPath is not null && outcome.Result?.Kubeconfig is { } kubeconfig)
            {
                PrivateFile.Write(kubeconfigPath, kubeconfig.Yaml);
            }
            if (!hostRun.Json)
            {
                RunSummary.Print(console.Out, context, outcome, hostRun.LogPath, kubeconfigPath, upgraded: upgraded.Upgraded);
            }
            return RunExitCode.For(outcome, context.Options.DryRun);
        });
        return command;
    }
}
