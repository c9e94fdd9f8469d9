namespace HaCluster.EndToEnd.Operations;

/// <summary>A rolling k0s upgrade through apply on 2 LB + 3 controllers + 4 workers: the checks of <see cref="UpgradeScenario"/>'s story.</summary>
public sealed class RollingUpgradeTests(UpgradeScenario lab) : IClassFixture<UpgradeScenario>
{
    [Fact]
    public async Task Every_host_runs_the_new_version_and_the_API_never_failed_through_the_VIP()
    {
        var story = await lab.Story;

        story.Upgrade.ExitCode.Should().Be(0, story.Upgrade.ToString());
        story.VersionsAfter.Values.Should().AllBe(UpgradeScenario.To);
        UpgradeProbes.Unwatched(story.ProbesDuringUpgrade, story.ControllerRestarts.Concat(story.WorkerRestarts.Where(r => r.Host != "h9")))
            .Should().BeEmpty("the poller ran all through the upgrade");
        story.ProbesDuringUpgrade.Where(p => !p.Ok).Select(p => p.Answer).Should().BeEmpty();
    }

    [Fact]
    public async Task Controllers_restarted_one_at_a_time_and_after_them_the_workers_in_two_batches()
    {
        var story = await lab.Story;

        var controllers = story.ControllerRestarts.OrderBy(r => r.StoppedUs).ToList();
        for (var i = 1; i < controllers.Count; i++)
        {
            controllers[i].StoppedUs.Should().BeGreaterThan(controllers[i - 1].StartedUs, $"{controllers[i].Host} stopped only after {controllers[i - 1].Host} was back");
        }
        // h9 was on the new version already: h6 and h7 form the first batch of two, h8 the second.
        var workers = story.WorkerRestarts.Where(r => r.Host != "h9").ToDictionary(r => r.Host);
        var lastController = controllers[^1].StartedUs;
        workers.Values.Should().OnlyContain(w => w.StoppedUs > lastController, "workers go after every controller");
        Math.Max(workers["h6"].StartedUs, workers["h7"].StartedUs).Should().BeLessThan(workers["h8"].StoppedUs);
        var actions = UpgradeProbes.Events(story.Upgrade, "host.action").Where(e => e.TryGetProperty("to", out _)).ToList();
        actions.Select(e => (e.GetProperty("host").GetString(), e.GetProperty("from").GetString(), e.GetProperty("to").GetString()))
            .Select(t => t.Item1).Should().BeEquivalentTo(new[] { "h3", "h4", "h5", "h6", "h7", "h8" }.Select(h => lab.Host(h).Address));
        actions.Should().OnlyContain(e => e.GetProperty("from").GetString() == UpgradeScenario.From && e.GetProperty("to").GetString() == UpgradeScenario.To);
        actions.Where(e => e.GetProperty("action").GetString()!.EndsWith("(worker batch 1 of 2)", StringComparison.Ordinal)).Should().HaveCount(2);
        actions.Where(e => e.GetProperty("action").GetString()!.EndsWith("(worker batch 2 of 2)", StringComparison.Ordinal)).Should().HaveCount(1);
    }

    [Fact]
    public async Task No_node_is_left_cordoned_and_a_second_apply_changes_nothing()
    {
        var story = await lab.Story;

        story.CordonedAfter.Should().BeEmpty();
        story.SecondApply.ExitCode.Should().Be(0, story.SecondApply.ToString());
        story.SecondApply.StdOut.Should().Contain("nothing to change");
    }

    [Fact]
    public async Task The_dry_run_lists_each_hosts_upgrade_in_order_and_changes_nothing()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(3, story.DryRun.ToString());
        story.DryRun.StdOut.Should().Contain($"upgrade k0s {UpgradeScenario.From} → {UpgradeScenario.To} (controller 1 of 3)")
            .And.Contain("(worker batch 2 of 2)").And.Contain("k0s upgrade: 6 hosts to upgrade");
        story.ChangesByDryRun.Should().BeEmpty();
    }

    [Fact]
    public async Task A_skipped_minor_is_refused_on_every_controller_and_nothing_changes()
    {
        var story = await lab.Story;

        story.SkippedMinorRefused.ExitCode.Should().Be(4, story.SkippedMinorRefused.ToString());
        foreach (var controller in UpgradeScenario.Controllers)
        {
            story.SkippedMinorRefused.StdOut.Should().Contain($"{lab.Host(controller).Address}: {UpgradeScenario.From} → v1.35.0+k0s.0 skips a Kubernetes minor release");
        }
        story.ChangesBySkippedMinor.Should().BeEmpty();
    }

    [Fact]
    public async Task A_stopped_controller_is_refused_and_nothing_changes()
    {
        var story = await lab.Story;

        story.StoppedControllerRefused.ExitCode.Should().Be(4, story.StoppedControllerRefused.ToString());
        story.StoppedControllerRefused.StdOut.Should().Contain($"{lab.Host("h4").Address}: k0s is installed but not running: an upgrade needs every controller healthy");
        story.ChangesByStoppedController.Should().BeEmpty();
    }

    [Fact]
    public async Task A_downgrade_of_one_worker_is_refused_and_nothing_changes()
    {
        var story = await lab.Story;

        story.DowngradeRefused.ExitCode.Should().Be(4, story.DowngradeRefused.ToString());
        story.DowngradeRefused.StdOut.Should().Contain($"{lab.Host("h9").Address}: runs {UpgradeScenario.To}, newer than the target {UpgradeScenario.From}: k0s does not support downgrades");
        story.ChangesByDowngrade.Should().BeEmpty();
    }
}
