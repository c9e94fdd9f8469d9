using HaCluster.Backup;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Runs `k0s backup --save-path -` on the chosen controller, bounded by --timeout, and streams the archive into a
/// 0600 temp file beside <paramref name="destination"/>; the file is renamed into place only once it opens as a gzip
/// tar holding the etcd snapshot, the CA and k0s.yaml (<see cref="PendingBackup"/>). Any failure, Ctrl-C included,
/// removes the temp file. The host is not changed: k0s builds the archive in a temp dir it removes.
/// </summary>
public sealed class TakeBackupPhase(BackupDestination destination) : Phase<BackupSource, TakenBackup>
{
    // After k0s's own bound (and timeout's KILL): how long ssh may still take to hand over what is left.
    private static readonly TimeSpan TransferGrace = TimeSpan.FromSeconds(30);

    public override string Title => "Take backup";

    public override async Task<TakenBackup> RunAsync(RunContext context, BackupSource state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var controller = state.Controller;
        var limit = context.Options.Timeout;
        var command = K0sCommands.Backup(controller.Host.DataDir, limit);

        await using var pending = PendingBackup.Create(destination);
        using (var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bound.CancelAfter(limit + TransferGrace);
            Remote.CommandResult result;
            try
            {
                result = await controller.Session.ProbeToStreamAsync(command, pending.Content, bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HostException(controller.Name, $"`{command.Display}` did not end within {(limit + TransferGrace).TotalSeconds:0} s; nothing was written");
            }
            if (K0sCommands.TimedOut(result.ExitCode))
            {
                throw new HostException(controller.Name,
                    $"`k0s backup` did not finish within {limit.TotalSeconds:0} s (its etcd snapshot waits while etcd does not answer; raise --timeout to wait longer); nothing was written");
            }
            if (!result.Succeeded)
            {
                throw controller.Session.Failure(command, result);
            }
        }

        if (await pending.CheckAsync(cancellationToken) is { } problem)
        {
            throw new HostException(controller.Name, $"the archive `k0s backup` sent ({pending.Length} bytes) is not a usable backup: {problem}; nothing was written");
        }
        var bytes = pending.Length;
        try
        {
            await pending.CommitAsync();
        }
        catch (IOException) when (File.Exists(destination.Path))
        {
            throw new IOException($"{destination.Path} appeared while the backup was taken; it was left as it is and nothing was written");
        }
        context.Info($"wrote {destination.Path} ({bytes} bytes, mode 0600), taken on {controller.Name}", controller.Session);
        return new TakenBackup(destination.Path, bytes, controller.Name);
    }
}
