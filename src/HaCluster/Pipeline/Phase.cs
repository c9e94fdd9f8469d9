namespace HaCluster.Pipeline;

/// <summary>
/// A step of an operation that receives what earlier phases learnt (<typeparamref name="TState"/>). Contravariant, so a
/// phase that needs only facts can be listed wherever the state holds facts and more.
/// </summary>
public interface IPhase<in TState>
{
    string Title { get; }

    /// <summary>False skips the phase (reported as skipped), e.g. no load balancer hosts to configure.</summary>
    bool ShouldRun(RunContext context, TState state);

    Task RunAsync(RunContext context, TState state, CancellationToken cancellationToken);

    /// <summary>Called, newest first, on every phase that ran when a later one failed or the run was interrupted.</summary>
    Task CleanUpAsync(RunContext context, CancellationToken cancellationToken);
}

/// <summary>A phase that learns something (<typeparamref name="TOut"/>): what it returns is the state later phases receive.</summary>
public interface ILearningPhase<in TIn, TOut>
{
    string Title { get; }

    Task<TOut> RunAsync(RunContext context, TIn state, CancellationToken cancellationToken);

    Task CleanUpAsync(RunContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A phase that needs nothing learnt before it (connect, lock, hooks, disconnect): it can be listed anywhere.
/// Phases run in order; a phase decides itself how its hosts run (in parallel, or one at a time where order matters).
/// </summary>
public abstract class Phase : IPhase<object>
{
    public abstract string Title { get; }

    public virtual bool ShouldRun(RunContext context) => true;

    public abstract Task RunAsync(RunContext context, CancellationToken cancellationToken);

    public virtual Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    bool IPhase<object>.ShouldRun(RunContext context, object state) => ShouldRun(context);

    Task IPhase<object>.RunAsync(RunContext context, object state, CancellationToken cancellationToken) => RunAsync(context, cancellationToken);
}

/// <summary>A phase that works from what earlier phases learnt, e.g. the hosts' facts: it cannot be listed before them.</summary>
public abstract class Phase<TState> : IPhase<TState>
{
    public abstract string Title { get; }

    public virtual bool ShouldRun(RunContext context, TState state) => true;

    public abstract Task RunAsync(RunContext context, TState state, CancellationToken cancellationToken);

    public virtual Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A phase that learns: from the state so far it builds the next one (facts, rendered files, the leader…).</summary>
public abstract class Phase<TIn, TOut> : ILearningPhase<TIn, TOut>
{
    public abstract string Title { get; }

    public abstract Task<TOut> RunAsync(RunContext context, TIn state, CancellationToken cancellationToken);

    public virtual Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
