using HaCluster.Pipeline;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Pipeline;

/// <summary>What a phase learns reaches the phases after it, typed, and the last state becomes the command's result.</summary>
public class OperationBuilderTests
{
    private readonly RunContext context = new(TestClusters.Ops(controllers: 1), new RunOptions(), new RecordingSink(), "test");

    [Fact]
    public async Task A_learnt_state_reaches_the_phases_listed_after_it_and_the_result_comes_from_the_last_state()
    {
        var seen = new List<string>();
        var operation = Operation.Compose("test")
            .Then(new Learn("leader c1"))
            .Then(new Use(seen))
            .Finally(learnt => learnt.Value.ToUpperInvariant());

        var outcome = await OperationRunner.RunAsync(operation, context, CancellationToken.None);

        seen.Should().Equal("leader c1");
        outcome.Result.Should().Be("LEADER C1");
    }

    [Fact]
    public async Task A_failed_run_has_no_result()
    {
        var operation = Operation.Compose("test")
            .Then(new Learn("leader c1"))
            .Then(new ScriptedPhase("fail", [], (_, _) => throw new HostException("c1", "down")))
            .Finally(learnt => learnt.Value);

        var outcome = await OperationRunner.RunAsync(operation, context, CancellationToken.None);

        outcome.Status.Should().Be(RunStatus.Failed);
        outcome.Result.Should().BeNull();
    }

    private sealed record Learnt(string Value);

    private sealed class Learn(string value) : Phase<object, Learnt>
    {
        public override string Title => "learn";

        public override Task<Learnt> RunAsync(RunContext context, object state, CancellationToken cancellationToken) => Task.FromResult(new Learnt(value));
    }

    private sealed class Use(List<string> seen) : Phase<Learnt>
    {
        public override string Title => "use";

        public override Task RunAsync(RunContext context, Learnt state, CancellationToken cancellationToken)
        {
            seen.Add(state.Value);
            return Task.CompletedTask;
        }
    }
}
