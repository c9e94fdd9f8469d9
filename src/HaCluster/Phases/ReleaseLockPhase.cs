using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>Releases the lock on every host that this run locked; runs on every exit path, Ctrl-C included.</summary>
public sealed class ReleaseLockPhase(HostLock hostLock) : Phase
{
    public override string Title => "Release lock";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        hostLock.ReleaseAsync(context, cancellationToken);
}
