using System.Text.Json;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>`hactl eject-controller` on 2 LB + 3 controllers + 1 worker: the checks of <see cref="EjectScenario"/>'s story.</summary>
[Collection(EjectThenPowerCut.Name)]
public sealed class EjectControllerTests(EjectScenario lab)
{
    [Fact]
    public async Task With_a_remaining_controller_stopped_ejecting_is_refused_and_force_does_not_override_a_lost_quorum()
    {
        var story = await lab.Story;

        story.RefusedWhileH5Stopped.ExitCode.Should().Be(4, story.RefusedWhileH5Stopped.ToString());
        story.RefusedWhileH5Stopped.StdOut.Should().Contain("remaining etcd member is unhealthy (h5:").And.Contain("--force would not help");
        story.ForcedWhileH5Stopped.ExitCode.Should().Be(4, story.ForcedWhileH5Stopped.ToString());
        story.ForcedWhileH5Stopped.StdOut.Should().Contain("even with --force").And.Contain("Eject-controller refused: nothing was changed.");
        story.SnapshotAfterRefusals.Should().Equal(story.SnapshotWithH5Stopped);
    }

    [Fact]
    public async Task Status_reports_a_stopped_controller_as_degraded_with_its_member_and_backends_down()
    {
        var story = await lab.Story;

        story.StatusWhileH5Stopped.ExitCode.Should().Be(5, story.StatusWhileH5Stopped.ToString());
        using var status = JsonDocument.Parse(story.StatusWhileH5Stopped.StdOut);
        var h5 = lab.Host("h5").Address;
        status.RootElement.GetProperty("etcd").GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "h5").GetProperty("healthy").GetBoolean().Should().BeFalse();
        var backends = status.RootElement.GetProperty("loadBalancer").GetProperty("backends").EnumerateArray().ToList();
        backends.Where(b => b.GetProperty("server").GetString() == h5).Should().HaveCount(6)
            .And.OnlyContain(b => b.GetProperty("state").GetString() == "DOWN");
        backends.Where(b => b.GetProperty("server").GetString() != h5).Should().OnlyContain(b => b.GetProperty("state").GetString() == "UP");
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_exits_3_and_leaves_etcd_as_it_was()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(3, story.DryRun.ToString());
        story.DryRun.StdOut.Should().Contain("would remove etcd member h4").And.Contain("would write /etc/haproxy/haproxy.cfg")
            .And.Contain("Plan for").And.Contain("nothing was changed");
        story.MembersAfterDryRun.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h4", "h5"));
    }

    [Fact]
    public async Task A_dry_run_leaves_every_host_byte_identical()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(3, story.DryRun.ToString());
        story.ChangesByDryRun.Should().BeEmpty("a dry run changes no host");
    }

    [Fact]
    public async Task Ejecting_leaves_etcd_with_the_other_two_controllers()
    {
        var story = await lab.Story;

        story.Eject.ExitCode.Should().Be(0, story.Eject.ToString());
        story.MembersAfterEject.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h5"));
    }

    [Fact]
    public async Task Ejecting_takes_the_controller_out_of_every_backend_of_both_load_balancers()
    {
        var story = await lab.Story;

        foreach (var lb in lab.LoadBalancers)
        {
            story.BackendsAfterEject[lb].Should().Equal(OutOfBand.ExpectedBackendServers(lab, "h3", "h5"), $"{lb}'s HAProxy lists only the remaining controllers");
        }
    }

    [Fact]
    public async Task The_API_answers_through_the_VIP_throughout_the_eject()
    {
        var story = await lab.Story;

        story.ReadyzPolls.Should().BePositive();
        story.ReadyzFailures.Should().BeEmpty();
    }

    [Fact]
    public async Task The_ejected_host_keeps_no_k0s_unit_data_dir_CNI_directories_or_process()
    {
        var story = await lab.Story;

        story.LeftoversOnEjected.Should().BeEmpty();
    }

    [Fact]
    public async Task Ejecting_tells_the_user_to_remove_the_host_from_the_config()
    {
        var story = await lab.Story;

        story.Eject.StdOut.Should().Contain("Remove spec.hosts[3] from the config: until it is gone, apply refuses to join it back");
    }

    [Fact]
    public async Task Ejecting_again_by_address_has_nothing_to_do()
    {
        var story = await lab.Story;

        story.EjectAgain.ExitCode.Should().Be(0, story.EjectAgain.ToString());
        story.EjectAgain.StdOut.Should().Contain("nothing to do");
    }

    [Fact]
    public async Task Ejecting_one_of_the_last_two_controllers_is_refused_and_changes_nothing()
    {
        var story = await lab.Story;

        story.EjectLastButOne.ExitCode.Should().Be(4, story.EjectLastButOne.ToString());
        story.EjectLastButOne.StdOut.Should().Contain("would leave 1 member").And.Contain("--force does not override this");
        story.SnapshotAfterLastButOne.Should().Equal(story.SnapshotBeforeLastButOne);
    }

    [Fact]
    public async Task Apply_refuses_to_rejoin_the_ejected_host_while_it_is_in_the_config_and_says_why()
    {
        var story = await lab.Story;

        story.ApplyWithEjectedInConfig.ExitCode.Should().Be(4, story.ApplyWithEjectedInConfig.ToString());
        story.ApplyWithEjectedInConfig.StdOut.Should().Contain($"{lab.Host("h4").Address} (spec.hosts[3]) was ejected")
            .And.Contain("remove it from the config and run apply");
    }

    [Fact]
    public async Task Removing_the_host_from_the_config_then_adding_it_back_rejoins_it()
    {
        var story = await lab.Story;

        story.ApplyWithoutEjected.ExitCode.Should().Be(0, story.ApplyWithoutEjected.ToString());
        story.ApplyWithoutEjected.StdOut.Should().Contain("forget ejected controller");
        story.ApplyWithEjectedBack.ExitCode.Should().Be(0, story.ApplyWithEjectedBack.ToString());
        story.MembersAfterRejoin.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h4", "h5"));
    }

    [Fact]
    public async Task Status_names_the_new_VIP_holder_after_keepalived_stops_on_the_old_one()
    {
        var checks = await lab.StatusChecks;
        var (holder, next, status) = (checks.OldVipHolder, checks.NewVipHolder, checks.StatusWithKeepalivedStopped);

        status.ExitCode.Should().Be(5, "keepalived is down on the old holder: " + status);
        using var json = JsonDocument.Parse(status.StdOut);
        var lb = json.RootElement.GetProperty("loadBalancer");
        lb.GetProperty("vipHolders").EnumerateArray().Select(h => h.GetString()).Should().Equal(lab.Host(next).Address);
        lb.GetProperty("backends").EnumerateArray().Should().HaveCount(18).And.OnlyContain(b => b.GetProperty("state").GetString() == "UP");
        json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString())
            .Should().Equal($"{lab.Host(holder).Address}: keepalived is inactive");
    }

    [Fact]
    public async Task Status_of_the_healthy_cluster_exits_0_with_tables_of_hosts_etcd_and_backends()
    {
        var status = (await lab.StatusChecks).StatusHealthy;

        status.ExitCode.Should().Be(0, status.ToString());
        status.StdOut.Should().StartWith("Cluster lab").And.Contain("healthy.").And.Contain("ETCD MEMBER").And.Contain("LB HOST")
            .And.Contain("held by");
    }
}
