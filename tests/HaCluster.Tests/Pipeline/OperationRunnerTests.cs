using HaCluster.Pipeline;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Pipeline;

public class OperationRunnerTests
{
    private readonly List<string> journal = [];
    private readonly RecordingSink sink = new();

    [Fact]
    public async Task Phases_run_in_order_and_skipped_ones_are_reported()
    {
        var operation = new Operation("apply", [Phase("a"), new ScriptedPhase("b", journal) { Skip = true }, Phase("c")], [Phase("close")]);

        var outcome = await OperationRunner.RunAsync(operation, Context(), CancellationToken.None);

        outcome.Status.Should().Be(RunStatus.Succeeded);
        journal.Should().Equal("run a", "run c", "run close");
        sink.Events.Should().Contain(e => e.Event == EventKinds.PhaseSkipped && e.Phase == "b");
    }

    [Fact]
    public async Task A_failure_stops_the_run_cleans_up_newest_first_and_still_runs_the_closing_phases()
    {
        var failing = Phase("b", (_, _) => throw new HostException("c1", "clock skew of 40 s"));
        var operation = new Operation("apply", [Phase("a"), failing, Phase("c")], [Phase("release")]);

        var outcome = await OperationRunner.RunAsync(operation, Context(), CancellationToken.None);

        outcome.Status.Should().Be(RunStatus.Failed);
        journal.Should().Equal("run a", "run b", "clean b", "clean a", "run release");
        sink.Events.Should().Contain(e => e.Event == EventKinds.Error && e.Host == "c1" && e.Message!.Contains("clock skew"));
    }

    [Fact]
    public async Task Interrupting_a_run_still_releases_with_a_live_token()
    {
        using var interrupt = new CancellationTokenSource();
        var hanging = Phase("wait", async (_, token) => await Task.Delay(Timeout.Infinite, token));
        var release = Phase("release", (_, token) =>
        {
            token.IsCancellationRequested.Should().BeFalse();
            return Task.CompletedTask;
        });
        interrupt.CancelAfter(TimeSpan.FromMilliseconds(50));

        var outcome = await OperationRunner.RunAsync(new Operation("apply", [hanging], [release]), Context(), interrupt.Token);

        outcome.Status.Should().Be(RunStatus.Cancelled);
        journal.Should().Equal("run wait", "clean wait", "run release");
    }

    [Fact]
    public async Task A_dry_run_records_changes_without_making_them()
    {
        var changed = false;
        var context = Context(new RunOptions { DryRun = true });
        var operation = new Operation("apply", [Phase("configure", (ctx, token) =>
            ctx.ChangeAsync(ctx.Sessions[1], "write /etc/k0s/k0s.yaml", (_, _) => Task.FromResult(changed = true), token))], []);

        var outcome = await OperationRunner.RunAsync(operation, context, CancellationToken.None);

        changed.Should().BeFalse();
        outcome.Changes.Should().Be(1);
        sink.Events.Should().ContainSingle(e => e.Event == EventKinds.PlanItem && e.Host == "c1" && e.Phase == "configure");
    }

    [Fact]
    public async Task A_real_run_makes_the_change_and_reports_it_as_a_host_action()
    {
        var changed = false;
        var context = Context();

        await context.ChangeAsync(context.Sessions[0], "reload haproxy", (_, _) => Task.FromResult(changed = true), CancellationToken.None);

        changed.Should().BeTrue();
        sink.Events.Should().ContainSingle(e => e.Event == EventKinds.HostAction && e.Host == "lb1" && e.Action == "reload haproxy");
    }

    [Fact]
    public void Secrets_never_reach_a_sink()
    {
        var context = Context();
        context.Secrets.Add("abcdef.0123456789abcdef");

        context.Warn("failed with auth_pass s3cretpw and token abcdef.0123456789abcdef");

        sink.Events.Single().Message.Should().NotContain("s3cretpw").And.NotContain("abcdef.0123").And.Contain(SecretRedactor.Mask);
    }

    [Fact]
    public async Task The_plan_lists_hosts_in_cluster_order_whatever_order_threads_finish_in()
    {
        var context = Context(new RunOptions { DryRun = true });
        foreach (var session in context.Sessions.Reverse())
        {
            await context.ChangeAsync(session, "x", (_, _) => Task.CompletedTask, CancellationToken.None);
        }

        context.Plan.ByHost(["lb1", "c1", "w1"]).Select(g => g.Key).Should().Equal("lb1", "c1", "w1");
    }

    // lb1, c1, w1: the smallest cluster with every role.
    private RunContext Context(RunOptions? options = null) =>
        new(TestClusters.Ops(controllers: 1), options ?? new RunOptions(), sink, "apply");

    private ScriptedPhase Phase(string title, Func<RunContext, CancellationToken, Task>? run = null) => new(title, journal, run);
}
