using System.CommandLine;
using HaCluster.Operations;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl reset --force</c>: tears the cluster down on every host. It never asks for confirmation (hactl never
/// prompts): without --force it refuses and exits 2 before contacting any host.
/// </summary>
internal static class ResetCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var force = new Option<bool>("--force") { Description = "Required: reset destroys the cluster and its data on every host" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what reset would remove, and change nothing (no --force needed)" };
        var command = new Command("reset", "Stop and remove k0s and everything hactl installed on every host (packages stay)") { config, force, dryRun };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var isDryRun = parseResult.GetValue(dryRun);
            if (!parseResult.GetValue(force) && !isDryRun)
            {
                await console.Error.WriteLineAsync(
                    "error: reset stops k0s and deletes its data, etcd included, on every host of the config: the cluster is gone afterwards. "
                    + "Run it again with --force to do so (or --dry-run to see what it would remove); nothing was contacted.");
                return ExitCodes.InvalidConfigOrUsage;
            }
            await using var hostRun = HostRun.Open(parseResult, console, config, run, ResetOperation.Name, ScreenEvents.AllOnStdout,
                isDryRun, parseResult.GetValue(force));
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }

            var outcome = await hostRun.RunAsync(ResetOperation.Create, cancellationToken);

            if (!hostRun.Json)
            {
                RunSummary.Print(console.Out, hostRun.Context, outcome, hostRun.LogPath, null, "nothing to remove, no host holds anything of the cluster");
            }
            return RunExitCode.For(outcome, isDryRun);
        });
        return command;
    }
}
