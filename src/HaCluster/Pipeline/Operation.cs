namespace HaCluster.Pipeline;

/// <summary>The state every operation starts from: nothing learnt yet.</summary>
public sealed class RunStart
{
    public static readonly RunStart Instance = new();

    private RunStart() { }
}

/// <summary>One phase as the runner sees it, its state type erased; <see cref="OperationBuilder{TState}"/> checks the types.</summary>
internal sealed record PhaseStep(
    string Title,
    Func<RunContext, object, bool> ShouldRun,
    Func<RunContext, object, CancellationToken, Task<object>> RunAsync,
    Func<RunContext, CancellationToken, Task> CleanUpAsync);

/// <summary>An operation (apply, eject-controller, reset…): its phases, and the phases that run on every exit path.</summary>
public class Operation
{
    /// <summary>An operation of phases that need nothing learnt before them.</summary>
    public Operation(string name, IReadOnlyList<Phase> phases, IReadOnlyList<Phase> @finally)
        : this(name, [.. (phases ?? throw new ArgumentNullException(nameof(phases))).Select(OperationBuilder<object>.Step)], @finally)
    {
    }

    internal Operation(string name, IReadOnlyList<PhaseStep> steps, IReadOnlyList<Phase> @finally)
    {
        Name = name;
        Steps = steps;
        Finally = @finally;
    }

    public string Name { get; }

    internal IReadOnlyList<PhaseStep> Steps { get; }

    public IReadOnlyList<Phase> Finally { get; }

    /// <summary>Starts composing an operation; each learning phase changes what the phases after it receive.</summary>
    public static OperationBuilder<RunStart> Compose(string name) => new(name, []);
}

/// <summary>An operation whose run ends with a result for the command (the kubeconfig, the status report…).</summary>
public sealed class Operation<TResult> : Operation
{
    internal Operation(string name, IReadOnlyList<PhaseStep> steps, IReadOnlyList<Phase> @finally, Func<object, TResult> result)
        : base(name, steps, @finally)
    {
        Result = result;
    }

    internal Func<object, TResult> Result { get; }
}

/// <summary>
/// Lists an operation's phases in order. The state type follows what has been learnt, so a phase that needs facts
/// only compiles after the phase that gathers them. Immutable: each step returns a new builder, so a common beginning
/// can be continued in more than one way.
/// </summary>
public sealed class OperationBuilder<TState>
    where TState : class
{
    private readonly string name;
    private readonly IReadOnlyList<PhaseStep> steps;

    internal OperationBuilder(string name, IReadOnlyList<PhaseStep> steps)
    {
        this.name = name;
        this.steps = steps;
    }

    public OperationBuilder<TState> Then(IPhase<TState> phase) => new(name, [.. steps, Step(phase)]);

    public OperationBuilder<TNext> Then<TNext>(ILearningPhase<TState, TNext> phase)
        where TNext : class
    {
        ArgumentNullException.ThrowIfNull(phase);
        PhaseStep step = new(phase.Title, (_, _) => true,
            async (context, state, token) => await phase.RunAsync(context, (TState)state, token), phase.CleanUpAsync);
        return new OperationBuilder<TNext>(name, [.. steps, step]);
    }

    /// <summary>Ends the list: the closing phases run on every exit path; on success the result is taken from the state.</summary>
    public Operation<TResult> Finally<TResult>(Func<TState, TResult> result, params Phase[] closing) =>
        new(name, steps, closing, state => result((TState)state));

    /// <summary>Ends the list of an operation whose command needs no result.</summary>
    public Operation Finally(params Phase[] closing) => new(name, steps, closing);

    internal static PhaseStep Step(IPhase<TState> phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        return new PhaseStep(phase.Title, (context, state) => phase.ShouldRun(context, (TState)state),
            async (context, state, token) =>
            {
                await phase.RunAsync(context, (TState)state, token);
                return state;
            },
            phase.CleanUpAsync);
    }
}
