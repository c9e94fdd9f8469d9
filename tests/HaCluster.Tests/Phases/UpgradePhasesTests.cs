using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Spec;
using HaCluster.State;
using HaCluster.Tests.Fakes;
using HaCluster.Tests.Operations;

namespace HaCluster.Tests.Phases;

/// <summary>Each host's turn in a rolling upgrade: the order of its steps, the gates, and what is undone when it fails.</summary>
public class UpgradePhasesTests
{
    private static readonly K0sVersion Old = K0sVersion.Parse("v1.33.4+k0s.0")!;
    private static readonly K0sVersion New = K0sVersion.Parse("v1.34.1+k0s.0")!;

    private const string ShowStat = "# pxname,svname,addr,status,check_status\n"
        + "kube_api_controllers,c1,10.0.0.11:6443,UP,L7OK\nkonnectivity_controllers,c1,10.0.0.11:8132,UP,L4OK\n"
        + "k0s_join_api_controllers,c1,10.0.0.11:9443,UP,L4OK\n";

    [Fact]
    public async Task A_controller_leaves_the_load_balancer_restarts_on_the_new_binary_and_returns_only_once_ready_and_etcd_is_whole()
    {
        var (run, cluster) = Given(controllerRole: HostRole.Controller, upgrade: ["c1"]);

        await new UpgradeControllersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, CancellationToken.None);

        Steps(run).Should().Equal(
            "c2: etcd member list",
            "c2: etcd member status",
            "lb1: haproxy: c1 maint",
            "c1: systemctl stop k0scontroller",
            "c1: swap in the staged k0s binary",
            "c1: systemctl start k0scontroller",
            "c1: /usr/local/bin/k0s kubectl --request-timeout=5s get --raw=/readyz",
            "c1: /usr/local/bin/k0s kubectl --server=https://10.0.0.100:6443",
            "c1: etcd member list",
            "c1: etcd member status",
            "lb1: haproxy: c1 ready",
            "lb1: haproxy show stat");
        run["lb1"].Commands.Should().Contain(c => c.Contains("set server kube_api_controllers/c1 state maint; set server konnectivity_controllers/c1 state maint; set server k0s_join_api_controllers/c1 state maint", StringComparison.Ordinal));
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.HostAction && e.Host == "c1" && e.From == Old.ToString() && e.To == New.ToString()
            && e.Action == "upgrade k0s v1.33.4+k0s.0 → v1.34.1+k0s.0 (controller 1 of 1)");
    }

    [Fact]
    public async Task A_controller_worker_is_cordoned_and_drained_first_and_uncordoned_once_its_node_is_ready_on_the_new_version()
    {
        var (run, cluster) = Given(controllerRole: HostRole.ControllerWorker, upgrade: ["c1"]);

        await new UpgradeControllersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, CancellationToken.None);

        var steps = Steps(run);
        steps.Skip(2).Take(3).Should().Equal(
            "c2: /usr/local/bin/k0s kubectl get node c1 -o 'jsonpath={.spec.unschedulable}'",
            "c2: /usr/local/bin/k0s kubectl cordon c1",
            "c2: /usr/local/bin/k0s kubectl drain c1 --grace-period=120 --timeout=300s --force --ignore-daemonsets --delete-emptydir-data");
        steps.SkipWhile(s => s != "c1: systemctl start k0scontroller").Where(s => s.StartsWith("c2: /usr/local/bin/k0s kubectl", StringComparison.Ordinal) || s.StartsWith("lb1", StringComparison.Ordinal))
            .Should().Equal(
                "c2: /usr/local/bin/k0s kubectl get node c1 -o json",
                "lb1: haproxy: c1 ready",
                "lb1: haproxy show stat",
                "c2: /usr/local/bin/k0s kubectl uncordon c1");
    }

    [Fact]
    public async Task A_failed_start_puts_everything_back_the_service_started_the_server_ready_the_node_uncordoned()
    {
        var (run, cluster) = Given(controllerRole: HostRole.ControllerWorker, upgrade: ["c1"]);
        var starts = 0;
        run["c1"].Instead("systemctl start", _ => ++starts == 1 ? new CommandResult(1, "", "Job for k0scontroller.service failed") : new CommandResult(0, "", ""));

        var upgrade = () => new UpgradeControllersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, CancellationToken.None);

        await upgrade.Should().ThrowAsync<RemoteException>();
        Steps(run).SkipWhile(s => s != "c1: systemctl start k0scontroller").Should().Equal(
            "c1: systemctl start k0scontroller",
            "c1: systemctl start k0scontroller",
            "lb1: haproxy: c1 ready",
            "c2: /usr/local/bin/k0s kubectl uncordon c1");
    }

    [Fact]
    public async Task Ctrl_c_during_the_stop_still_starts_k0s_again_and_lifts_the_cordon()
    {
        var (run, cluster) = Given(controllerRole: HostRole.ControllerWorker, upgrade: ["c1"]);
        using var interrupt = new CancellationTokenSource();
        run["c1"].Instead("systemctl stop", _ =>
        {
            interrupt.Cancel();
            throw new OperationCanceledException(interrupt.Token);
        });

        var upgrade = () => new UpgradeControllersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, interrupt.Token);

        await upgrade.Should().ThrowAsync<OperationCanceledException>();
        Steps(run).SkipWhile(s => s != "c1: systemctl stop k0scontroller").Should().Equal(
            "c1: systemctl stop k0scontroller",
            "c1: systemctl start k0scontroller",
            "lb1: haproxy: c1 ready",
            "c2: /usr/local/bin/k0s kubectl uncordon c1");
    }

    [Fact]
    public async Task A_node_already_cordoned_by_its_operator_stays_cordoned()
    {
        var (run, cluster) = Given(controllerRole: HostRole.Worker, upgrade: ["w1"]);
        run["c1"].Instead("/usr/local/bin/k0s kubectl get node w1 -o 'jsonpath", "true");

        await new UpgradeWorkersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Commands.Should().NotContain(c => c.Contains("cordon", StringComparison.Ordinal) || c.Contains("drain", StringComparison.Ordinal));
        run["w1"].Commands.Should().Contain("systemctl start k0sworker");
    }

    [Fact]
    public async Task A_worker_that_fails_stops_the_upgrade_before_the_next_batch_while_its_batch_finishes()
    {
        var (run, cluster) = Given(controllerRole: HostRole.Worker, upgrade: ["w1", "w2", "w3"], batchSize: 2);
        run["c1"].Instead("/usr/local/bin/k0s kubectl drain w1", "", exitCode: 1, stderr: "error: cannot evict pod");
        var tally = new UpgradeTally();

        var upgrade = () => new UpgradeWorkersPhase(tally).RunAsync(run.Context, cluster, CancellationToken.None);

        (await upgrade.Should().ThrowAsync<RemoteException>()).Which.Message.Should().Contain("w1").And.Contain("cannot evict pod");
        run["w2"].Commands.Should().Contain("systemctl start k0sworker", "the rest of the failed batch finishes its turn");
        run["w3"].Commands.Should().BeEmpty("no later batch starts");
        run["c1"].Commands.Should().Contain("/usr/local/bin/k0s kubectl uncordon w1", "a cordon made by the run is lifted when it fails");
        tally.Upgraded.Should().Be(1);
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Message == "the upgrade stopped after worker batch 1 of 2; not started: w3");
    }

    [Fact]
    public async Task Under_dry_run_each_upgrade_is_planned_in_order_with_its_versions_and_nothing_runs()
    {
        var (run, cluster) = Given(controllerRole: HostRole.Controller, upgrade: ["c1", "c2"], dryRun: true);

        await new UpgradeControllersPhase(new UpgradeTally()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.AllCommands.Should().BeEmpty();
        run.Sink.Events.Where(e => e.Event == EventKinds.PlanItem).Select(e => (e.Host, e.Action, e.From, e.To)).Should().Equal(
            ("c1", "upgrade k0s v1.33.4+k0s.0 → v1.34.1+k0s.0 (controller 1 of 2)", Old.ToString(), New.ToString()),
            ("c2", "upgrade k0s v1.33.4+k0s.0 → v1.34.1+k0s.0 (controller 2 of 2)", Old.ToString(), New.ToString()));
    }

    // Journal entries without their arguments past the command's first words, for order assertions.
    private static List<string> Steps(FakeRun run) => [.. run.Journal.Select(Shorten)];

    private static string Shorten(string entry)
    {
        foreach (var prefix in new[] { "etcd member list", "etcd member status", "haproxy: c1 maint", "haproxy: c1 ready", "haproxy show stat", "swap in the staged k0s binary",
                     "/usr/local/bin/k0s kubectl --server=https://10.0.0.100:6443", "/usr/local/bin/k0s kubectl drain c1 --grace-period=120 --timeout=300s --force --ignore-daemonsets --delete-emptydir-data" })
        {
            var at = entry.IndexOf(": " + prefix, StringComparison.Ordinal);
            if (at > 0)
            {
                return entry[..(at + 2 + prefix.Length)];
            }
        }
        return entry;
    }

    /// <summary>lb1, c1..c3 (in <paramref name="controllerRole"/>, or plain controllers with workers w1..w3), all running, the named hosts to upgrade.</summary>
    private static (FakeRun, LedCluster) Given(HostRole controllerRole, string[] upgrade, int batchSize = 1, bool dryRun = false)
    {
        var workers = controllerRole == HostRole.Worker ? 3 : 0;
        var model = TestClusters.Cluster(TestClusters.HaproxyKeepalived() with { AuthPass = "s3cretpw" }, lbHosts: 1, controllers: 3, workers: workers,
            controllerRole: controllerRole == HostRole.Worker ? HostRole.Controller : controllerRole, shortNames: true, name: "ops");
        model = model with { K0s = model.K0s with { Version = New.ToString() } };
        var run = new FakeRun(model, new RunOptions { DryRun = dryRun });
        var memberList = "### 0 https://127.0.0.1:2379/v3/cluster/member/list\n{\"members\":["
            + string.Join(',', Enumerable.Range(1, 3).Select(i =>
                $$"""{"ID":"{{i}}","name":"c{{i}}","peerURLs":["https://10.0.0.1{{i}}:2380"],"clientURLs":["https://10.0.0.1{{i}}:2379"]}"""))
            + "]}\n";
        var statuses = string.Concat(Enumerable.Range(1, 3).Select(i => $"### 0 https://10.0.0.1{i}:2379/v3/maintenance/status\n{EtcdCaptures.Status($"{i}", "2")}\n"));
        const string nodeJson = """{"status":{"nodeInfo":{"kubeletVersion":"v1.34.1+k0s"},"conditions":[{"type":"Ready","status":"True"}]}}""";
        foreach (var session in run.Context.Sessions)
        {
            run[session.Name]
                .On("/usr/local/bin/k0s kubectl get node ", c => new CommandResult(0, c.Display.Contains("jsonpath", StringComparison.Ordinal) ? "" : nodeJson, ""))
                .On("etcd member list", memberList).On("etcd member status", statuses)
                .On("/usr/local/bin/k0s kubectl", "ok\n")
                .On("haproxy show stat", ShowStat).On("haproxy:", "")
                .On("systemctl", "").On("swap in the staged k0s binary", "");
        }
        var gathered = run.Gathered(session => session.Host.Role == HostRole.LoadBalancer ? FakeRun.Facts(session.Name)
            : K0sFakes.Joined(session.Name, session.Host.IsController ? "k0scontroller" : "k0sworker"));
        var upgrades = gathered.Hosts.Where(h => upgrade.Contains(h.Name)).Select(h => new HostUpgrade(h, Old, New)).ToList();
        var plan = new UpgradePlan([.. upgrades.Where(u => u.Host.Host.IsController)],
            [.. upgrades.Where(u => !u.Host.Host.IsController).Chunk(batchSize)]);
        var led = new LedCluster(gathered with { Upgrade = plan }, new ClusterLeader(gathered.Hosts.Single(h => h.Name == "c1"), WasRunning: true));
        return (run, led);
    }
}
