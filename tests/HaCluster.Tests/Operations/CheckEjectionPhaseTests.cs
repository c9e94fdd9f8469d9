using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Operations;

/// <summary>The check before anything changes, and the member's removal, on fake controllers whose etcd answers with captured replies.</summary>
public class CheckEjectionPhaseTests
{
    private FakeRun run = null!;

    private RecordingSink Sink => run.Sink;

    [Fact]
    public async Task A_healthy_cluster_allows_ejecting_a_controller_and_etcd_is_asked_on_another_one()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"]);

        var target = (await new CheckEjectionPhase("c1").RunAsync(context, cluster, CancellationToken.None)).Target;
        target.Member!.Name.Should().Be("c1");
        target.Operator.Name.Should().Be("c2");
        target.Remaining.Select(r => r.Name).Should().Equal("c2", "c3");
        target.NodeName.Should().Be("c1");
        run["c1"].Commands.Should().NotContain(c => c.StartsWith("etcd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_removal_waits_out_etcds_unhealthy_cluster_refusal_while_a_member_that_stays_has_just_reconnected()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"]);
        var plan = await new CheckEjectionPhase("c1").RunAsync(context, cluster, CancellationToken.None);
        var refusals = 1;
        run["c2"].On(Leave, _ => Interlocked.Decrement(ref refusals) >= 0
            ? new CommandResult(1, "", "level=error msg=\"Failed to delete node from cluster\"\nError: etcdserver: unhealthy cluster\n")
            : new CommandResult(0, "", ""));

        await new LeaveEtcdPhase().RunAsync(context, plan, CancellationToken.None);

        run["c2"].Commands.Count(c => c.StartsWith(Leave, StringComparison.Ordinal)).Should().Be(2);
        Sink.Events.Should().ContainSingle(e => e.Event == EventKinds.Info && e.Message!.Contains("etcdserver: unhealthy cluster"));
    }

    [Fact]
    public async Task Any_other_failure_of_the_removal_fails_the_phase_at_once()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"]);
        var plan = await new CheckEjectionPhase("c1").RunAsync(context, cluster, CancellationToken.None);
        run["c2"].On(Leave, "", exitCode: 1, stderr: "Error: etcdserver: member not found\n");

        var leave = () => new LeaveEtcdPhase().RunAsync(context, plan, CancellationToken.None);

        (await leave.Should().ThrowAsync<RemoteException>()).WithMessage("*member not found*");
        run["c2"].Commands.Count(c => c.StartsWith(Leave, StringComparison.Ordinal)).Should().Be(1);
    }

    private const string Leave = "timeout 30 /usr/local/bin/k0s etcd leave";

    [Fact]
    public async Task A_stopped_remaining_controller_refuses_with_the_reason_and_changes_nothing()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2"]);

        var check = () => new CheckEjectionPhase("c2").RunAsync(context, cluster, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage("not ejecting c2: remaining etcd member is unhealthy (c3: no answer at *");
        context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task Force_overrides_an_unhealthy_member_only_as_a_warning_when_quorum_holds()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"], controllers: 4, members: 4, force: true);

        var plan = await new CheckEjectionPhase("c3").RunAsync(context, cluster, CancellationToken.None);

        plan.Target.Member!.Name.Should().Be("c3");
        Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Message!.StartsWith("--force: going ahead although etcd member c4 is unhealthy"));
    }

    [Fact]
    public async Task An_unknown_node_is_refused_naming_the_controllers()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"]);

        var check = () => new CheckEjectionPhase("c9").RunAsync(context, cluster, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage("unknown node \"c9\"*controllers: c1 (c1), c2 (c2), c3 (c3)*");
    }

    [Fact]
    public async Task A_worker_is_refused()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"]);

        var check = () => new CheckEjectionPhase("w1").RunAsync(context, cluster, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage("w1 (spec.hosts[4]) is a worker host, not a controller*");
    }

    [Fact]
    public async Task A_controller_that_already_left_etcd_is_found_but_not_a_member()
    {
        var (context, cluster) = Context(healthy: ["c1", "c2", "c3"], controllers: 4);

        var plan = await new CheckEjectionPhase("c4").RunAsync(context, cluster, CancellationToken.None);

        plan.Target.Member.Should().BeNull();
        Sink.Events.Should().Contain(e => e.Message == "c4 is not an etcd member (any more)");
    }

    [Fact]
    public async Task Without_any_other_working_etcd_it_is_refused()
    {
        var (context, cluster) = Context(healthy: [], down: ["c2", "c3"]);

        var check = () => new CheckEjectionPhase("c1").RunAsync(context, cluster, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage("no controller other than the node to eject has a working etcd*c2: its etcd does not answer*");
    }

    /// <summary>
    /// Controllers c1..cN of which the first <paramref name="members"/> are etcd members, lb1 and w1, all connected with
    /// facts; the <paramref name="healthy"/> ones answer etcd's status, the <paramref name="down"/> ones not even the member list.
    /// </summary>
    private (RunContext, GatheredCluster<OsDetected>) Context(string[] healthy, int controllers = 3, int members = 3, bool force = false, string[]? down = null)
    {
        run = new FakeRun(TestClusters.Ops(controllers), new RunOptions { Force = force }, "eject-controller");
        var memberList = "### 0 https://127.0.0.1:2379/v3/cluster/member/list\n{\"members\":["
            + string.Join(',', Enumerable.Range(1, members).Select(i =>
                $$"""{"ID":"{{i}}","name":"c{{i}}","peerURLs":["https://10.0.0.1{{i}}:2380"],"clientURLs":["https://10.0.0.1{{i}}:2379"]}"""))
            + "]}\n";
        var statuses = string.Concat(Enumerable.Range(1, members).Select(i => healthy.Contains($"c{i}")
            ? $"### 0 https://10.0.0.1{i}:2379/v3/maintenance/status\n{EtcdCaptures.Status($"{i}", "2")}\n"
            : $"### 7 https://10.0.0.1{i}:2379/v3/maintenance/status\ncurl: (7) Failed to connect\n"));
        foreach (var session in run.Context.Sessions)
        {
            var fake = run[session.Name];
            if (session.Host.IsController)
            {
                fake.On("etcd member list", (down ?? []).Contains(session.Name)
                    ? "### 7 https://127.0.0.1:2379/v3/cluster/member/list\ncurl: (7) Failed to connect\n"
                    : memberList);
                fake.On("etcd member status", statuses);
            }
        }
        return (run.Context, run.Gathered(session => FakeRun.Facts(session.Name) with { Clock = DateTimeOffset.UtcNow }));
    }
}
