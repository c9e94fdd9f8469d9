using System.CommandLine;
using System.Globalization;
using HaCluster.Backup;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl backup</c>: `k0s backup` on a healthy controller, written here as a checked 0600 archive. Events go to stdout
/// as for apply (text, or JSON lines); the archive only ever goes to its file.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var output = new Option<string?>("--out")
        {
            Description = "Where to write the archive: a new file, or an existing directory for the default name (default: ./<cluster>-<UTC time>.tar.gz)",
            HelpName = "PATH",
        };
        var command = new Command("backup", "Back up the cluster (etcd, PKI, k0s.yaml) from a healthy controller to a 0600 file") { config, output };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var hostRun = HostRun.Open(parseResult, console, config, run, BackupOperation.Name, ScreenEvents.AllOnStdout);
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var context = hostRun.Context;
            var (destination, error) = BackupDestination.Resolve(
                parseResult.GetValue(output), context.Cluster.Name, DateTimeOffset.UtcNow, Directory.GetCurrentDirectory());
            if (destination is null)
            {
                await console.Error.WriteLineAsync($"error: {error}; nothing was contacted");
                return ExitCodes.InvalidConfigOrUsage;
            }

            var outcome = await hostRun.RunAsync(transport => BackupOperation.Create(transport, destination), cancellationToken);

            if (!hostRun.Json)
            {
                await console.Out.WriteLineAsync(Summary(outcome));
                await console.Out.WriteLineAsync($"Log: {hostRun.LogPath}");
            }
            return RunExitCode.For(outcome, dryRun: false);
        });
        return command;
    }

    /// <summary>The closing line: where the archive is and how big, never what it holds.</summary>
    internal static string Summary(RunOutcome<TakenBackup> outcome) => outcome switch
    {
        { Status: RunStatus.Succeeded, Result: { } backup } =>
            $"Backup written to {backup.Path} ({Size(backup.Bytes)}, mode 0600), taken on {backup.Host}. It holds the cluster's CA keys: keep it private.",
        { Status: RunStatus.Cancelled } => "Backup interrupted: nothing was written.",
        _ => "Backup failed: nothing was written.",
    };

    internal static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return bytes == 1 ? "1 byte" : $"{bytes} bytes";
        }
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}, {bytes} bytes");
    }
}
