using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Spec;
using HaCluster.State;
using HaCluster.Tests.Fakes;
using HaCluster.Tests.Operations;

namespace HaCluster.Tests.Phases;

/// <summary>Which running hosts a k0s version change upgrades, in which order, and what is refused before anything changes.</summary>
public class PlanUpgradePhaseTests
{
    private const string Old = "v1.33.4+k0s.0";
    private const string New = "v1.34.1+k0s.0";

    [Fact]
    public async Task Controllers_go_one_at_a_time_with_the_etcd_leader_last_then_workers_in_batches_of_the_disruption_percentage()
    {
        var run = Run(target: New, disruptionPercent: 50);

        var plan = (await Plan(run)).Upgrade;

        plan.Controllers.Select(u => u.Name).Should().Equal("c1", "c3", "c2");
        plan.WorkerBatches.Select(b => string.Join(",", b.Select(u => u.Name))).Should().Equal("w1,w2", "w3,w4");
        plan.All.Should().OnlyContain(u => u.From.ToString() == Old && u.To.ToString() == New);
        run.Run.Sink.Events.Should().Contain(e => e.Message == $"k0s upgrade to {New}: controllers one at a time: c1, c3, c2 (c2, the etcd leader, last); then workers in 2 batches: w1, w2 | w3, w4");
        run.Run.Context.Plan.Count.Should().Be(0, "planning changes nothing");
    }

    [Fact]
    public async Task With_cplb_the_controller_holding_the_VIP_goes_last_so_the_VIP_moves_once()
    {
        var run = Run(target: New, cplbVipOn: "c1");

        var plan = (await Plan(run)).Upgrade;

        plan.Controllers.Select(u => u.Name).Should().Equal("c3", "c2", "c1");
        run.Run.Sink.Events.Should().Contain(e => e.Message!.Contains("controllers one at a time: c3, c2, c1 (c1, the VIP holder, last)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4, 10, 30, 1)]
    [InlineData(4, 50, 30, 2)]
    [InlineData(30, 10, 30, 3)]
    [InlineData(15, 10, 30, 1)]
    [InlineData(19, 10, 30, 1)]
    [InlineData(100, 50, 30, 30)]
    [InlineData(2, 100, 30, 2)]
    public void A_worker_batch_is_the_percentage_of_all_workers_rounded_down_at_least_one_at_most_the_limit(int workers, int percent, int limit, int size) =>
        UpgradePlan.WorkerBatchSize(workers, percent, limit).Should().Be(size);

    [Fact]
    public async Task Without_a_version_change_nothing_is_asked_of_the_hosts()
    {
        var run = Run(target: Old);

        var plan = (await Plan(run)).Upgrade;

        plan.IsEmpty.Should().BeTrue();
        run.Run.AllCommands.Should().BeEmpty("a no-change apply must not pay for the upgrade checks");
    }

    [Fact]
    public async Task A_downgrade_of_any_host_is_refused_naming_it_even_with_force()
    {
        var run = Run(target: Old, versions: new() { ["w4"] = New }, force: true);

        var plan = () => Plan(run);

        (await plan.Should().ThrowAsync<RefusedException>())
            .WithMessage($"k0s upgrade refused: w4: runs {New}, newer than the target {Old}: k0s does not support downgrades (restore a backup instead)");
    }

    [Fact]
    public async Task A_step_over_a_kubernetes_minor_is_refused_on_every_controller_but_not_on_workers()
    {
        var run = Run(target: "v1.35.0+k0s.0", force: true);

        var plan = () => Plan(run);

        var refusal = (await plan.Should().ThrowAsync<RefusedException>()).Which.Message;
        refusal.Should().Contain($"c1: {Old} → v1.35.0+k0s.0 skips a Kubernetes minor release").And.Contain("c2: ").And.Contain("c3: ")
            .And.Contain("(first to the latest v1.34 release)").And.NotContain("w1");
    }

    [Fact]
    public async Task A_stopped_controller_is_refused_before_anything_changes()
    {
        var run = Run(target: New, stopped: ["c2"]);

        var plan = () => Plan(run);

        (await plan.Should().ThrowAsync<RefusedException>())
            .WithMessage("k0s upgrade refused: c2: k0s is installed but not running: an upgrade needs every controller healthy*");
    }

    [Fact]
    public async Task A_stopped_controller_already_on_the_target_is_an_upgrade_cut_off_and_is_started_first()
    {
        var run = Run(target: New, versions: new() { ["c3"] = New }, stopped: ["c3"], healthy: ["c1", "c2"]);

        var plan = (await Plan(run)).Upgrade;

        plan.Controllers.Select(u => (u.Name, u.Finish)).Should().Equal(("c3", true), ("c1", false), ("c2", false));
    }

    [Theory]
    [InlineData(Old)]
    [InlineData(New)]
    public async Task A_controller_whose_join_was_cut_off_after_k0s_install_is_left_to_the_join(string target)
    {
        // c3's unit exists and is stopped, its binary is on the target, but it never became an etcd member.
        var run = Run(target: target, versions: new() { ["c3"] = target }, stopped: ["c3"], healthy: ["c1", "c2"], neverJoined: ["c3"]);

        var plan = (await Plan(run)).Upgrade;

        plan.All.Should().NotContain(u => u.Name == "c3");
        run.Run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_stopped_controller_without_any_version_change_is_no_upgrade_the_join_phase_starts_it()
    {
        var run = Run(target: Old, stopped: ["c3"], healthy: ["c1", "c2"]);

        var plan = (await Plan(run)).Upgrade;

        plan.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task An_unhealthy_etcd_member_is_refused_naming_it()
    {
        var run = Run(target: New, healthy: ["c1", "c2"], timeout: TimeSpan.FromSeconds(2));

        var plan = () => Plan(run);

        (await plan.Should().ThrowAsync<RefusedException>())
            .WithMessage("k0s upgrade refused: the control plane was not healthy within 2 s: etcd member c3: no answer at https://10.0.0.13:2379*");
    }

    [Fact]
    public async Task Hosts_on_three_versions_are_refused_unless_forced()
    {
        var versions = new Dictionary<string, string> { ["w1"] = "v1.33.3+k0s.0", ["w2"] = "v1.33.2+k0s.0" };

        var refused = () => Plan(Run(target: New, versions: versions));
        var forced = await Plan(Run(target: New, versions: versions, force: true));

        (await refused.Should().ThrowAsync<RefusedException>()).WithMessage("*the hosts run 3 different k0s versions (c1 v1.33.4+k0s.0, *w1 v1.33.3+k0s.0, *): bring them to at most two first, or pass --force");
        forced.Upgrade.All.Should().HaveCount(7);
    }

    [Fact]
    public async Task The_running_version_comes_from_k0s_status_when_the_binary_changed_after_the_service_started()
    {
        var run = Run(target: New, versions: new() { ["w1"] = New }, swappedNotRestarted: ["w1"]);
        run["w1"].On("/usr/local/bin/k0s status -o json", $$"""{"Version":"{{Old}}","Pid":42,"Role":"worker"}""");

        var plan = (await Plan(run)).Upgrade;

        plan.Of(plan.All.Single(u => u.Name == "w1").Host)!.From.ToString().Should().Be(Old);
    }

    private static Task<GatheredCluster<OsDetected>> Plan(Case test) =>
        new PlanUpgradePhase<OsDetected>().RunAsync(test.Run.Context, test.Run.Gathered(test.Facts), CancellationToken.None);

    /// <summary>A fake run and the facts its hosts report.</summary>
    private sealed record Case(FakeRun Run, Func<HostSession, HostFacts> Facts)
    {
        public FakeHost this[string host] => Run[host];
    }

    /// <summary>
    /// lb1, c1..c3, w1..w4 all running <see cref="Old"/> (or what <paramref name="versions"/> says), the target set by
    /// spec.k0s.version; c1..c3 APIs ready and etcd members, c2 the etcd leader; the <paramref name="healthy"/> ones answer etcd.
    /// </summary>
    private static Case Run(string target, Dictionary<string, string>? versions = null, string[]? stopped = null, string[]? healthy = null,
        bool force = false, int disruptionPercent = 10, string[]? swappedNotRestarted = null, TimeSpan? timeout = null, string? cplbVipOn = null,
        string[]? neverJoined = null)
    {
        var model = TestClusters.Ops(controllers: 3, workers: 4);
        model = model with
        {
            LoadBalancer = cplbVipOn is null ? model.LoadBalancer : TestClusters.Cplb(),
            K0s = model.K0s with { Version = target },
            Options = new OptionsSpec { Concurrency = new ConcurrencyOptionsSpec { WorkerDisruptionPercent = disruptionPercent } },
        };
        var run = new FakeRun(model, new RunOptions { Force = force, Timeout = timeout ?? TimeSpan.FromMinutes(5) });
        healthy ??= ["c1", "c2", "c3"];
        var memberList = "### 0 https://127.0.0.1:2379/v3/cluster/member/list\n{\"members\":["
            + string.Join(',', Enumerable.Range(1, 3).Where(i => !(neverJoined ?? []).Contains($"c{i}")).Select(i =>
                $$"""{"ID":"{{i}}","name":"c{{i}}","peerURLs":["https://10.0.0.1{{i}}:2380"],"clientURLs":["https://10.0.0.1{{i}}:2379"]}"""))
            + "]}\n";
        var statuses = string.Concat(Enumerable.Range(1, 3).Select(i => healthy.Contains($"c{i}")
            ? $"### 0 https://10.0.0.1{i}:2379/v3/maintenance/status\n{EtcdCaptures.Status($"{i}", "2")}\n"
            : $"### 7 https://10.0.0.1{i}:2379/v3/maintenance/status\ncurl: (7) Failed to connect\n"));
        foreach (var controller in run.Context.Controllers)
        {
            run[controller.Name].On("/usr/local/bin/k0s kubectl", "ok\n").On("etcd member list", memberList).On("etcd member status", statuses);
        }
        Func<HostSession, HostFacts> facts = session =>
        {
            var unit = session.Host.IsController ? "k0scontroller" : "k0sworker";
            if (session.Host.Role == HostRole.LoadBalancer)
            {
                return FakeRun.Facts(session.Name);
            }
            var started = FakeRun.Now;
            var written = (swappedNotRestarted ?? []).Contains(session.Name) ? started.AddMinutes(1) : started.AddHours(-1);
            return K0sFakes.Joined(session.Name, unit) with
            {
                K0sVersion = versions?.GetValueOrDefault(session.Name) ?? Old,
                ServiceStates = new Dictionary<string, string> { [unit] = (stopped ?? []).Contains(session.Name) ? "inactive" : "active" },
                FileModified = new Dictionary<string, DateTimeOffset> { ["/usr/local/bin/k0s"] = written },
                ServiceStarted = new Dictionary<string, DateTimeOffset> { [unit] = started },
                Addresses = session.Name == cplbVipOn ? [new InterfaceAddress("eth0", System.Net.IPAddress.Parse(TestClusters.Vip), 24)] : [],
                EtcdJoined = session.Host.IsController && !(neverJoined ?? []).Contains(session.Name),
                KubeletJoined = !session.Host.IsController && !(neverJoined ?? []).Contains(session.Name),
            };
        };
        return new Case(run, facts);
    }
}
