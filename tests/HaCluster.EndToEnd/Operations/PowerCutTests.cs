using Xunit.Abstractions;

namespace HaCluster.EndToEnd.Operations;

/// <summary>Recovery after a power cut (issue 13, done-criterion a): the checks of <see cref="PowerCutScenario"/>'s story.
/// It runs on the eject tests' lab, after their story (<see cref="EjectThenPowerCut"/>).
/// </summary>
[Collection(EjectThenPowerCut.Name)]
public sealed class PowerCutTests(EjectScenario shared, ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromMinutes(2);

    private readonly PowerCutScenario lab = shared.PowerCut;

    [Fact]
    public async Task A_dry_run_after_the_power_cut_plans_the_controllers_started_together_and_changes_nothing()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(3, story.DryRun.ToString());
        story.DryRun.StdOut.Should().Contain("start 3 controllers together to regain etcd quorum");
        foreach (var host in PowerCutScenario.ControllerHosts)
        {
            story.DryRun.StdOut.Should().Contain($"[{lab.Host(host).Address}] would start k0s controller, one of 3 started together to regain etcd quorum");
        }
        story.ChangesByDryRun.Should().BeEmpty("a dry run changes no host");
    }

    [Fact]
    public async Task Apply_brings_every_controller_and_the_stopped_worker_back_within_two_minutes()
    {
        var story = await lab.Story;

        output.WriteLine($"recovery apply took {story.RecoveryTook.TotalSeconds:0.0} s");
        story.Recovery.ExitCode.Should().Be(0, story.Recovery.ToString());
        story.RecoveryTook.Should().BeLessThan(RecoveryBound, "the issue's bound on recovery");
        story.Recovery.StdOut.Should().Contain("restart k0s worker (service not running)");
        story.StatusAfterRecovery.ExitCode.Should().Be(0, story.StatusAfterRecovery.ToString());
        story.ReadyNodesAfterRecovery.Should().Contain("h6");
    }

    [Fact]
    public async Task With_two_members_lost_for_good_apply_refuses_naming_them_and_changes_nothing()
    {
        var story = await lab.Story;

        story.Refused.ExitCode.Should().Be(4, story.Refused.ToString());
        story.Refused.StdOut.Should().Contain("etcd cannot regain its quorum: it has 3 members, a quorum is 2, and only 1 can run")
            .And.Contain($"(https://{lab.Host("h4").Address}:2380)").And.Contain($"(https://{lab.Host("h5").Address}:2380)")
            .And.Contain("etcd data is gone").And.Contain("hactl apply --restore-from");
        story.ChangesByRefusal.Should().BeEmpty("a refusal changes nothing");
    }
}
