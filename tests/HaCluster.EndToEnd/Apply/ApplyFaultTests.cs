using HaCluster.EndToEnd.Operations;

namespace HaCluster.EndToEnd.Apply;

/// <summary>Faults in the middle of apply's joins (<see cref="ApplyFaultScenario"/>): clear errors, nothing left behind, re-runs converge.</summary>
public sealed class ApplyFaultTests(ApplyFaultScenario lab) : IClassFixture<ApplyFaultScenario>
{
    // Controllers run no kubelet (no --enable-worker): the nodes are the workers.
    private static readonly string[] AllNodes = ["h6", "h7"];

    [Fact]
    public async Task A_controller_cut_off_while_it_joins_fails_naming_it_and_the_phase_and_a_rerun_converges()
    {
        var story = await lab.Story;

        ShouldFailNaming(story.Faulted, lab.Host("h5").Address, "Join controllers");
        story.MembersAfterFaulted.Should().NotContain(OutOfBand.PeerUrls(lab, "h5"), "h5 was cut off before it could join");
        // hactl cannot reach h5 to clean up; its token is invalidated on the leader all the same (no token listed),
        // and the re-run breaks the stale lock and replaces the file.
        story.LeftBehindFaulted.Should().HaveCount(2, string.Join("; ", story.LeftBehindFaulted))
            .And.Contain(l => l.StartsWith("h5: lock /run/lock/hactl", StringComparison.Ordinal))
            .And.Contain("h5: join token file /etc/k0s/k0stoken");
        (story.Rerun.StdOut + story.Rerun.StdErr).Should().Contain("breaking a stale lock");
        ShouldConverge(story);
    }

    [Fact]
    public async Task The_VIP_holder_powered_off_while_a_controller_joins_moves_the_VIP_and_the_join_finishes()
    {
        var story = await lab.Story;

        story.VipHoldersAfterPowerOff.Should().ContainSingle().Which.Should().NotBe(story.PoweredOffLoadBalancer);
        // The join goes through the VIP, which keepalived moved to the other LB: h4 became a member.
        story.MembersAfterFaulted.Should().Contain(OutOfBand.PeerUrls(lab, "h3", "h4"));
        // The host is still off: the same config fails at once, naming it and the phase, changing nothing.
        ShouldFailNaming(story.RerunWithDeadLoadBalancer, lab.Host(story.PoweredOffLoadBalancer).Address, "Connect to hosts");
        story.LeftBehindRerunWithDead.Should().Equal(story.LeftBehindFaulted);
        // Without it, apply converges on the other load balancer.
        ShouldConverge(story);
    }

    [Fact]
    public async Task The_k0s_controller_killed_while_it_joins_is_restarted_by_systemd_and_the_join_finishes()
    {
        var story = await lab.Story;

        // The kill was real (systemd restarted the unit); k0s's unit restarts it (Restart=always) with the token file
        // still there and valid, so the join finished within apply's wait and the run went on to h5.
        story.KilledK0sPid.Should().BePositive();
        story.K0sRestartsAfterKill.Should().BeGreaterThanOrEqualTo(1);
        story.MembersAfterFaulted.Should().Contain(OutOfBand.PeerUrls(lab, "h4"));
        story.Faulted.StdOut.Should().Contain(lab.Host("h5").Address, "the run reached the next controller");
    }

    [Fact]
    public async Task Sshd_stopped_on_a_worker_while_workers_join_does_not_break_the_run_and_leaves_nothing_behind()
    {
        var story = await lab.Story;

        // The fault was real: new logins were refused. hactl's one connection (a ControlMaster opened before the fault)
        // survives sshd's stop, as OpenSSH sessions do, so the join finishes.
        story.SshToWorkerWhileStopped.ExitCode.Should().Be(255);
        story.SshToWorkerWhileStopped.StdErr.Should().Contain("Connection refused");
        ShouldConverge(story);
    }

    private static void ShouldFailNaming(ProcessResult run, string host, string phase)
    {
        run.ExitCode.Should().Be(1, run.ToString());
        (run.StdOut + run.StdErr).Should().Contain($"error in phase \"{phase}\"").And.Contain(host);
    }

    private static void ShouldConverge(ApplyFaultStory story)
    {
        story.Rerun.ExitCode.Should().Be(0, story.Rerun.ToString());
        story.LeftBehindRerun.Should().BeEmpty();
        story.MembersAfterRerun.Should().HaveCount(3);
        story.ReadyNodes.Should().Equal(AllNodes);
    }
}
