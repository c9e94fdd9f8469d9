namespace HaCluster.Pipeline;

/// <summary>
/// One step of an operation. Phases run in order; a phase decides itself how its hosts run (in parallel,
/// or one at a time where order matters).
/// </summary>
public abstract class Phase
{
    public abstract string Title { get; }

    /// <summary>False skips the phase (reported as skipped), e.g. no load balancer hosts to configure.</summary>
    public virtual bool ShouldRun(RunContext context) => true;

    public abstract Task RunAsync(RunContext context, CancellationToken cancellationToken);

    /// <summary>Called, newest first, on every phase that ran when a later one failed or the run was interrupted.</summary>
    public virtual Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>An operation (apply, eject-controller, reset…): its phases, and the phases that run on every exit path.</summary>
public sealed record Operation(string Name, IReadOnlyList<Phase> Phases, IReadOnlyList<Phase> Finally);
