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
            var result = await TryAcquireAsync(context, host, t => host.ProbeAsync(hostLock.AcquireCommand(checkOnly: true), t), token);
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
                // Under --dry-run the stale lock is only planned to go, so there is nothing more to look at.
                result = await TryAcquireAsync(context, host, _ => Task.FromResult(Free), token);
            }
            if (!result.Succeeded)
            {
                throw host.Failure(hostLock.AcquireCommand(checkOnly: false), result);
            }
        }, cancellationToken);

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) =>
        hostLock.ReleaseAsync(context, cancellationToken);

    // The lock is bookkeeping, not a planned change: a dry run takes none, and looks at what it is given instead.
    private Task<CommandResult> TryAcquireAsync(
        RunContext context, HostSession host, Func<CancellationToken, Task<CommandResult>> underDryRun, CancellationToken cancellationToken) =>
        context.BookkeepAsync(host, async (writer, token) =>
        {
            var result = await writer.TryRunAsync(hostLock.AcquireCommand(checkOnly: false), token);
            if (result.Succeeded)
            {
                hostLock.Took(host);
            }
            return result;
        }, underDryRun, cancellationToken);
}
