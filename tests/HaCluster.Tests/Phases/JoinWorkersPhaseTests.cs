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

        await new JoinWorkersPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

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

        await new JoinWorkersPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

    }

    [Fact]
    public async Task Under_dry_run_no_token_is_created_and_the_plan_lists_each_join()
    {
        var (run, cluster) = Given(dryRun: true);

        await new JoinWorkersPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Context.Plan.ByHost(["w1", "w2"]).Select(g => g.Key).Should().Equal("w1", "w2");
    }

    [Fact]
    public async Task Every_joining_worker_is_waited_on_through_one_shared_read_of_the_nodes()
    {
        var (run, cluster) = Given(workers: 6);

        await new JoinWorkersPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        started.Should().HaveCount(6);
        run["c1"].Commands.Should().NotContain(c => c.StartsWith("/usr/local/bin/k0s kubectl get node ", StringComparison.Ordinal));
        run["c1"].Commands.Count(c => c == "/usr/local/bin/k0s kubectl --request-timeout=5s get nodes -o json").Should().BeInRange(1, 5);
    }

    [Fact]
    public async Task A_worker_whose_node_never_becomes_Ready_fails_the_phase_naming_that_host()
    {
        var (run, cluster) = Given(timeout: TimeSpan.FromSeconds(1));
        run["c1"].Instead("/usr/local/bin/k0s kubectl --request-timeout=5s get nodes", K0sFakes.Nodes(["w1"]));

        var join = () => new JoinWorkersPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        var error = (await join.Should().ThrowAsync<HostException>()).Which;
        error.Host.Should().Be("w2");
        error.Message.Should().StartWith("w2: WaitForNodeReady w2: not reached within 1 s").And.EndWith("last seen: node not registered");
        run["c1"].Commands.Should().ContainSingle(c => c == $"/usr/local/bin/k0s token invalidate {K0sFakes.TokenId}");
    }

    [Fact]
    public async Task A_worker_waits_for_its_binary_and_one_whose_install_failed_fails_the_phase_without_joining()
    {
        var (run, cluster) = Given();
        var w1 = cluster.Workers.Single(w => w.Name == "w1");
        var workers = new WorkerBinaries();
        workers.Start(run.Context, [w1], 5, (_, _) => throw new HostException("w1", "the upload arrived short"), CancellationToken.None);

        var join = () => new JoinWorkersPhase(workers).RunAsync(run.Context, cluster, CancellationToken.None);

        (await join.Should().ThrowAsync<HostException>()).WithMessage("w1: the upload arrived short");
        started.Should().NotContain("w1");
        run["w1"].Commands.Should().NotContain(c => c.Contains("install worker", StringComparison.Ordinal));
    }

    private (FakeRun, LedCluster) Given(bool dryRun = false, bool joined = false, int workers = 2, TimeSpan? timeout = null)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: workers),
            new RunOptions { DryRun = dryRun, Timeout = timeout ?? TimeSpan.FromSeconds(5) });
        K0sFakes.Lead(run, "c1", started);
        foreach (var worker in Enumerable.Range(1, workers))
        {
            K0sFakes.Joins(run, $"w{worker}", started);
        }
        return (run, K0sFakes.LedBy(run, "c1", s => s.Name == "c1" ? K0sFakes.Joined(s.Name, "k0scontroller")
            : joined ? K0sFakes.Joined(s.Name, "k0sworker")
            : FakeRun.Facts(s.Name)));
    }
}
