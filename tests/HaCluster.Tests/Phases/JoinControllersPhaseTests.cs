using System.Collections.Concurrent;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>Controllers join one at a time behind the leader c1, each gated on etcd gaining exactly its member.</summary>
public class JoinControllersPhaseTests
{
    private readonly ConcurrentQueue<string> started = new();

    [Fact]
    public async Task A_second_controller_joins_only_after_the_first_has_exactly_one_more_etcd_member()
    {
        var (run, cluster) = Given();

        await new JoinControllersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        var journal = run.Journal.ToList();
        int At(string prefix, int from = 0) => journal.FindIndex(from, line => line.StartsWith(prefix, StringComparison.Ordinal));
        var c2Started = At("c2: systemctl start");
        var c2Counted = At("etcd has 2 members", c2Started);
        var c3Installs = At("c3: /usr/local/bin/k0s install");
        c2Started.Should().BeGreaterThan(-1);
        c2Counted.Should().BeGreaterThan(c2Started);
        c3Installs.Should().BeGreaterThan(c2Counted);
        At("etcd has 3 members", c3Installs).Should().BeGreaterThan(c3Installs);
    }

    [Fact]
    public async Task Each_joining_controller_gets_the_token_then_keeps_only_a_placeholder_and_the_token_is_invalidated()
    {
        var (run, cluster) = Given();

        await new JoinControllersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["c2"].Uploads["/etc/k0s/k0stoken"].Should().Be(JoinTokens.Placeholder);
        run["c1"].Commands.Count(c => c == $"/usr/local/bin/k0s token invalidate {K0sFakes.TokenId}").Should().Be(2);
        run.Sink.Events.Should().NotContain(e => (e.Message ?? "").Contains(K0sFakes.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_dry_run_no_write_handle_is_created_and_the_plan_lists_each_join()
    {
        var (run, cluster) = Given(dryRun: true);

        await new JoinControllersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["c2", "c3"]).Select(g => g.Key).Should().Equal("c2", "c3");
    }

    [Fact]
    public async Task A_joined_controller_whose_inputs_did_not_change_is_left_alone()
    {
        var (run, cluster) = Given(joined: ["c2", "c3"]);

        await new JoinControllersPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.Count.Should().Be(0);
    }

    private (FakeRun, LedCluster) Given(bool dryRun = false, string[]? joined = null)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 3, workers: 0), new RunOptions { DryRun = dryRun, Timeout = TimeSpan.FromSeconds(5) });
        K0sFakes.Lead(run, "c1", started);
        K0sFakes.Joins(run, "c2", started);
        K0sFakes.Joins(run, "c3", started);
        return (run, K0sFakes.LedBy(run, "c1", s => s.Name == "c1" || (joined ?? []).Contains(s.Name)
            ? K0sFakes.Joined(s.Name, "k0scontroller")
            : FakeRun.Facts(s.Name)));
    }
}
