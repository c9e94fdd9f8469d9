using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Takes an exclusive lock on every host so two runs never interleave (<see cref="HostLock"/>). A dry run only checks
/// that no live run holds it: it takes no lock, and a stale lock it would break is planned, not broken.
/// </summary>
public sealed class AcquireLockPhase(HostLock hostLock) : Phase
{
    private static readonly CommandResult Free = new(0, "", "");

    public override string Title => "Acquire lock";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            // The lock is bookkeeping, not a planned change: there is no writer for it under --dry-run.
            var writer = context.Bookkeeping(host);
            var result = await TryAcquireAsync(host, writer, token);
            if (result.ExitCode == HostLock.HeldExitCode)
            {
                var holder = result.Stdout.Trim();
                if (!HostLock.IsStale(holder))
                {
                    throw new HostException(host.Name, $"locked by another hactl run: {holder} (it is released when that run ends)");
                }
                context.Warn($"breaking a stale lock left by {holder}", host);
                await context.ChangeAsync(host, $"break the stale lock left by {holder}",
                    (w, t) => w.RunAsync(HostLock.BreakCommand(), t), token);
                result = writer is null ? Free : await TryAcquireAsync(host, writer, token);
            }
            if (!result.Succeeded)
            {
                throw host.Failure(hostLock.AcquireCommand(checkOnly: writer is null), result);
            }
            if (writer is not null)
            {
                hostLock.Took(host, writer);
            }
        }, cancellationToken);

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) =>
        hostLock.ReleaseAsync(context, cancellationToken);

    private Task<CommandResult> TryAcquireAsync(HostSession host, HostWriter? writer, CancellationToken cancellationToken) =>
        writer is null
            ? host.ProbeAsync(hostLock.AcquireCommand(checkOnly: true), cancellationToken)
            : writer.TryRunAsync(hostLock.AcquireCommand(checkOnly: false), cancellationToken);
}
