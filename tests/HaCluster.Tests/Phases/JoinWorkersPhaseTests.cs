using System.Collections.Concurrent;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>Workers join in parallel with one shared token behind the leader c1, each waited on until Ready.</summary>
public class JoinWorkersPhaseTests
{
    private readonly ConcurrentQueue<string> started = new();

    [Fact]
    public async Task Workers_share_one_token_that_is_invalidated_once_they_have_joined()
    {
        var (run, cluster) = Given();

        await new JoinWorkersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Commands.Count(c => c.StartsWith("/usr/local/bin/k0s token create --role=worker", StringComparison.Ordinal)).Should().Be(1);
        run["c1"].Commands.Should().ContainSingle(c => c == $"/usr/local/bin/k0s token invalidate {K0sFakes.TokenId}");
        run["w1"].Uploads["/etc/k0s/k0stoken"].Should().Be(JoinTokens.Placeholder);
        run["w2"].Uploads["/etc/k0s/k0stoken"].Should().Be(JoinTokens.Placeholder);
        started.Should().BeEquivalentTo("w1", "w2");
    }

    [Fact]
    public async Task When_every_worker_is_joined_no_token_is_created()
    {
        var (run, cluster) = Given(joined: true);

        await new JoinWorkersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
    }

    [Fact]
    public async Task Under_dry_run_no_token_is_created_and_the_plan_lists_each_join()
    {
        var (run, cluster) = Given(dryRun: true);

        await new JoinWorkersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["w1", "w2"]).Select(g => g.Key).Should().Equal("w1", "w2");
    }

    private (FakeRun, LedCluster) Given(bool dryRun = false, bool joined = false)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 2), new RunOptions { DryRun = dryRun, Timeout = TimeSpan.FromSeconds(5) });
        K0sFakes.Lead(run, "c1", started);
        K0sFakes.Joins(run, "w1", started);
        K0sFakes.Joins(run, "w2", started);
        return (run, K0sFakes.LedBy(run, "c1", s => s.Name == "c1" ? K0sFakes.Joined(s.Name, "k0scontroller")
            : joined ? K0sFakes.Joined(s.Name, "k0sworker")
            : FakeRun.Facts(s.Name)));
    }
}
