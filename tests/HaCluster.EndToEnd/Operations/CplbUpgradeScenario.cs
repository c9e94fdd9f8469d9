using System.Diagnostics;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;
using HaCluster.EndToEnd.StandIn;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What <see cref="CplbUpgradeScenario"/> saw at each step.</summary>
public sealed record CplbUpgradeStory
{
    public required ProcessResult Interrupted { get; init; }
    public required string InterruptedWhileStopped { get; init; }
    public required IReadOnlyList<string> CordonedAfterInterrupt { get; init; }
    public required IReadOnlyList<UnitRestart> RestartsAfterInterrupt { get; init; }
    public required ProcessResult Resumed { get; init; }
    public required string ResumedLog { get; init; }
    public required IReadOnlyList<ReadyzProbe> Probes { get; init; }
    public required IReadOnlyDictionary<string, string> VersionsAfter { get; init; }
    public required IReadOnlyList<UnitRestart> ControllerRestarts { get; init; }
    public required IReadOnlyList<string> CordonedAfter { get; init; }
    public required ProcessResult SecondApply { get; init; }
}

/// <summary>
/// k0s's own keepalived (CPLB) on 3 controller+worker hosts (h1-h3) and a worker (h4), applied on v1.33.4; then the
/// upgrade to v1.34.1, interrupted with SIGINT while the second controller is down, and run again to its end, while
/// the real kubectl polls /readyz through the VIP, which moves whenever its holder restarts.
/// </summary>
public sealed class CplbUpgradeScenario() : ScenarioLab<CplbUpgradeStory>(new LabOptions { Hosts = 4, Topology = LabTopologies.Cplb })
{
    public static readonly string[] Controllers = ["h1", "h2", "h3"];

    protected override async Task<CplbUpgradeStory> RunStoryAsync()
    {
        var newBinary = await StandInBuilds.PathOfAsync(UpgradeScenario.To);
        var builtConfig = await WriteConfigAsync("controller-workers.yaml",
            yaml => Controllers.Aggregate(yaml, (y, h) => ClusterYaml.WithRole(y, Host(h).Address, "controller+worker")));
        Expect(await HactlAsync("apply", builtConfig, "--kubeconfig-out", KubeconfigPath), 0);
        var upgradeConfig = Path.Combine(Dir, "upgrade.yaml");
        await File.WriteAllTextAsync(upgradeConfig, UpgradeScenario.Upgraded(await File.ReadAllTextAsync(builtConfig), newBinary, disruptionPercent: 100));

        var runStart = Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);
        var resumedLog = Path.Combine(Dir, "resumed.log");
        ProcessResult interrupted = null!, resumed = null!;
        var stoppedAtInterrupt = "";
        var both = Task.Run(async () =>
        {
            using (var apply = Hactl.Start("apply", "--config", upgradeConfig, "--known-hosts", KnownHostsPath, "--log-file", Path.Combine(Dir, "interrupted.log")))
            {
                // The second controller's turn: a second controller has begun to stop since the run began.
                stoppedAtInterrupt = await Poll.UntilAsync("a second controller stopped by the upgrade", TimeSpan.FromMinutes(8), async () =>
                {
                    var restarts = await Task.WhenAll(Controllers.Select(h => UpgradeProbes.LastRestartAsync(this, h, "k0scontroller")));
                    var stopped = restarts.Where(r => r.StoppedUs > runStart).OrderBy(r => r.StoppedUs).ToList();
                    return stopped.Count >= 2 ? stopped[1].Host : "";
                }, host => host.Length > 0, every: TimeSpan.FromMilliseconds(100));
                apply.Interrupt();
                interrupted = await apply.WaitAsync(TimeSpan.FromMinutes(2));
            }
            cordonedAfterInterrupt = await UpgradeProbes.CordonedNodesAsync(KubeconfigPath);
            restartsAfterInterrupt = await Task.WhenAll(Controllers.Select(h => UpgradeProbes.LastRestartAsync(this, h, "k0scontroller")));
            resumed = await Hactl.RunAsync(Hactl.ApplyTimeout, "apply", "--config", upgradeConfig, "--known-hosts", KnownHostsPath, "--log-file", resumedLog);
        });
        var probes = await UpgradeProbes.PollReadyzAsync(KubeconfigPath, both);
        await both;

        return new CplbUpgradeStory
        {
            Interrupted = interrupted,
            InterruptedWhileStopped = stoppedAtInterrupt,
            CordonedAfterInterrupt = cordonedAfterInterrupt,
            RestartsAfterInterrupt = restartsAfterInterrupt,
            Resumed = resumed,
            ResumedLog = await File.ReadAllTextAsync(resumedLog),
            Probes = probes,
            VersionsAfter = await UpgradeProbes.RunningVersionsAsync(this, Hosts.Select(h => h.Name)),
            ControllerRestarts = await Task.WhenAll(Controllers.Select(h => UpgradeProbes.LastRestartAsync(this, h, "k0scontroller"))),
            CordonedAfter = await UpgradeProbes.CordonedNodesAsync(KubeconfigPath),
            SecondApply = await HactlAsync("apply", upgradeConfig),
        };
    }

    private IReadOnlyList<string> cordonedAfterInterrupt = [];
    private IReadOnlyList<UnitRestart> restartsAfterInterrupt = [];
}

/// <summary>The CPLB upgrade with controller+worker hosts, interrupted and resumed: the checks of <see cref="CplbUpgradeScenario"/>'s story.</summary>
public sealed class CplbRollingUpgradeTests(CplbUpgradeScenario lab) : IClassFixture<CplbUpgradeScenario>
{
    // The VIP moves by VRRP when its holder stops; no probe may fail outside such a move, and all of them together
    // within one move's bound: keepalived's gratuitous-ARP repeat (5 s) when two equal-priority backups both took the
    // VIP for a moment and a client's ARP entry ended on the one that yielded (see StandIn/VipMoveTests), plus the skew.
    private static readonly TimeSpan MostOutage = TimeSpan.FromSeconds(6.5);
    private const long MoveWindowUs = 7_000_000;

    [Fact]
    public async Task Sigint_while_the_second_controller_restarts_exits_130_and_leaves_no_node_cordoned_nor_k0s_stopped()
    {
        var story = await lab.Story;

        story.InterruptedWhileStopped.Should().NotBeEmpty();
        story.Interrupted.ExitCode.Should().Be(130, story.Interrupted.ToString());
        story.CordonedAfterInterrupt.Should().BeEmpty();
        var interrupted = story.RestartsAfterInterrupt.Single(r => r.Host == story.InterruptedWhileStopped);
        interrupted.StartedUs.Should().BeGreaterThan(interrupted.StoppedUs, "the k0s the upgrade stopped runs again, started by the run or by its clean-up");
    }

    [Fact]
    public async Task The_next_apply_finishes_the_upgrade_every_host_on_the_new_version_nothing_cordoned_nothing_left_to_change()
    {
        var story = await lab.Story;

        story.Resumed.ExitCode.Should().Be(0, story.Resumed.ToString());
        story.VersionsAfter.Values.Should().AllBe(UpgradeScenario.To);
        story.CordonedAfter.Should().BeEmpty();
        story.SecondApply.ExitCode.Should().Be(0, story.SecondApply.ToString());
        story.SecondApply.StdOut.Should().Contain("nothing to change");
    }

    [Fact]
    public async Task Controller_workers_were_drained_before_their_restart_one_at_a_time()
    {
        var story = await lab.Story;

        story.ResumedLog.Should().Contain("kubectl drain");
        var restarts = story.ControllerRestarts.OrderBy(r => r.StoppedUs).ToList();
        for (var i = 1; i < restarts.Count; i++)
        {
            restarts[i].StoppedUs.Should().BeGreaterThan(restarts[i - 1].StartedUs, $"{restarts[i].Host} stopped only after {restarts[i - 1].Host} was back");
        }
    }

    [Fact]
    public async Task The_API_fails_through_the_VIP_only_while_the_VIP_moves_and_within_one_moves_bound()
    {
        var story = await lab.Story;

        var restarts = story.RestartsAfterInterrupt.Concat(story.ControllerRestarts).Distinct().ToList();
        // After the interrupt, the controller the run had not reached yet last restarted at the first apply, before the poller.
        var upgradeRestarts = story.RestartsAfterInterrupt.Where(r => r.StoppedUs >= story.Probes[0].StartUs).Concat(story.ControllerRestarts).Distinct();
        UpgradeProbes.Unwatched(story.Probes, upgradeRestarts).Should().BeEmpty("the poller ran all through the upgrade");
        var stops = restarts.Select(r => r.StoppedUs).ToList();
        var moments = restarts.SelectMany(r => new[] { ($"{r.Host} stop", r.StoppedUs), ($"{r.Host} start", r.StartedUs) }).ToList();
        var failures = UpgradeProbes.DescribeFailures(story.Probes, moments);
        story.Probes.Where(p => !p.Ok && !stops.Any(s => p.EndUs >= s && p.StartUs <= s + MoveWindowUs)).Should().BeEmpty(
            "a probe fails only around a controller's stop, when the VIP may move; the failures:\n" + failures);
        UpgradeProbes.Outage(story.Probes).Should().BeLessThan(MostOutage, "the failures:\n" + failures);
    }
}
