using HaCluster.Pipeline;

namespace HaCluster.Tests.Pipeline;

/// <summary>A phase whose behaviour a test chooses, recording what the runner asked of it.</summary>
internal sealed class ScriptedPhase(string title, List<string> journal, Func<RunContext, CancellationToken, Task>? run = null) : Phase
{
    public override string Title => title;

    public bool Skip { get; init; }

    public override bool ShouldRun(RunContext context) => !Skip;

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        journal.Add($"run {title}");
        if (run is not null)
        {
            await run(context, cancellationToken);
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        journal.Add($"clean {title}");
        return Task.CompletedTask;
    }
}
