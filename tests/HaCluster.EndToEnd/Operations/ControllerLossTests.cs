using System.Text.Json;

namespace HaCluster.EndToEnd.Operations;

/// <summary>
/// Losing controllers on 2 LB + 4 controllers + 1 worker, then reset and rebuild: the checks of
/// <see cref="ControllerLossScenario"/>'s story.
/// </summary>
public sealed class ControllerLossTests(ControllerLossScenario lab) : IClassFixture<ControllerLossScenario>
{
    [Fact]
    public async Task With_a_remaining_controller_stopped_ejecting_is_refused_with_a_force_hint_when_quorum_would_hold()
    {
        var story = await lab.Story;

        story.RefusedWhileH6Stopped.ExitCode.Should().Be(4, story.RefusedWhileH6Stopped.ToString());
        story.RefusedWhileH6Stopped.StdOut.Should().Contain("remaining etcd member is unhealthy (h6:")
            .And.Contain("or use --force to eject anyway: 2 of the 3 members left would be healthy, still a quorum");
        story.SnapshotAfterRefusal.Should().Equal(story.SnapshotWithH6Stopped);
    }

    [Fact]
    public async Task With_force_the_controller_is_ejected_when_quorum_holds_and_the_API_stays_up()
    {
        var story = await lab.Story;

        story.ForcedWhileH6Stopped.ExitCode.Should().Be(0, story.ForcedWhileH6Stopped.ToString());
        story.ForcedWhileH6Stopped.StdOut.Should().Contain("--force: going ahead although etcd member h6 is unhealthy");
        story.MembersAfterForcedEject.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h5", "h6"));
        story.ReadyzFailuresDuringForcedEject.Should().BeEmpty();
    }

    [Fact]
    public async Task A_powered_off_controller_is_ejected_with_the_on_host_clean_up_reported_skipped()
    {
        var story = await lab.Story;

        story.EjectPoweredOff.ExitCode.Should().Be(0, story.EjectPoweredOff.ToString());
        story.EjectPoweredOff.StdOut.Should().Contain("on-host clean-up skipped: the host is unreachable");
        story.MembersAfterPoweredOffEject.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h5"));
        foreach (var lb in lab.LoadBalancers)
        {
            story.BackendsAfterPoweredOffEject[lb].Should().Equal(OutOfBand.ExpectedBackendServers(lab, "h3", "h5"),
                $"{lb}'s HAProxy lists only the remaining controllers");
        }
    }

    [Fact]
    public async Task The_API_answers_through_the_VIP_while_a_powered_off_controller_is_ejected()
    {
        var story = await lab.Story;

        story.ReadyzPollsDuringPoweredOffEject.Should().BePositive();
        story.ReadyzFailuresDuringPoweredOffEject.Should().BeEmpty();
    }

    [Fact]
    public async Task Reset_without_force_is_refused_before_contacting_any_host()
    {
        var story = await lab.Story;

        story.ResetWithoutForce.ExitCode.Should().Be(2, story.ResetWithoutForce.ToString());
        story.ResetWithoutForce.StdErr.Should().Contain("--force").And.Contain("nothing was contacted");
    }

    [Fact]
    public async Task A_reset_dry_run_lists_what_it_would_remove_and_leaves_every_host_byte_identical()
    {
        var story = await lab.Story;

        story.ResetDryRun.ExitCode.Should().Be(3, story.ResetDryRun.ToString());
        story.ResetDryRun.StdOut.Should().Contain("remove the k0s binary /usr/local/bin/k0s").And.Contain("nothing was changed");
        story.ChangesByResetDryRun.Should().BeEmpty("a dry run changes no host");
    }

    [Fact]
    public async Task Reset_leaves_no_k0s_unit_process_or_data_dir_and_no_load_balancer_of_hactl_on_any_host()
    {
        var story = await lab.Story;

        story.Reset.ExitCode.Should().Be(0, story.Reset.ToString());
        foreach (var host in ControllerLossScenario.SurvivingHosts)
        {
            story.LeftoversAfterReset[host].Should().BeEmpty($"reset cleans {host}");
        }
    }

    [Fact]
    public async Task Apply_after_reset_builds_a_healthy_cluster_again_with_the_once_ejected_controller()
    {
        var story = await lab.Story;

        story.ApplyAfterReset.ExitCode.Should().Be(0, story.ApplyAfterReset.ToString());
        story.MembersAfterReapply.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h4", "h5"));
        story.ReadyzAfterReapply.StdOut.Trim().Should().Be("ok", story.ReadyzAfterReapply.ToString());
        story.StatusAfterReapply.ExitCode.Should().Be(0, story.StatusAfterReapply.ToString());
        using var status = JsonDocument.Parse(story.StatusAfterReapply.StdOut);
        status.RootElement.GetProperty("etcd").GetProperty("members").EnumerateArray()
            .Should().HaveCount(3).And.OnlyContain(m => m.GetProperty("healthy").GetBoolean());
    }
}
