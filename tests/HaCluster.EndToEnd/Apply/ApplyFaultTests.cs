namespace HaCluster.EndToEnd.Apply;

/// <summary>Faults in the middle of apply's joins (<see cref="ApplyFaultScenario"/>): clear errors, nothing left behind, re-runs converge.</summary>
public sealed class ApplyFaultTests(ApplyFaultScenario lab) : IClassFixture<ApplyFaultScenario>
{
    // Controllers run no kubelet (no --enable-worker): the nodes are the workers.
    private static readonly string[] AllNodes = ["h6", "h7"];

    [Fact]
    public async Task A_controller_cut_off_while_it_joins_fails_naming_it_and_the_phase_and_a_rerun_converges()
    {
        var run = (await lab.Story).IsolatedController;

        ShouldFailNaming(run.Faulted, lab.Host("h4").Address, "Join controllers");
        // hactl cannot reach h4 to clean up; its token is invalidated on the leader all the same (no token listed),
        // and the re-run breaks the stale lock and replaces the file.
        run.LeftBehind.Should().HaveCount(2, string.Join("; ", run.LeftBehind))
            .And.Contain(l => l.StartsWith("h4: lock /run/lock/hactl", StringComparison.Ordinal))
            .And.Contain("h4: join token file /etc/k0s/k0stoken");
        (run.Rerun.StdOut + run.Rerun.StdErr).Should().Contain("breaking a stale lock");
        run.LeftBehindAfterRerun.Should().BeEmpty();
        ShouldConverge(run);
    }

    [Fact]
    public async Task The_VIP_holder_powered_off_while_a_controller_joins_moves_the_VIP_and_apply_finishes()
    {
        var story = await lab.Story;
        var run = story.ThreeFaults;

        story.VipHoldersAfterPowerOff.Should().ContainSingle().Which.Should().NotBe(story.PoweredOffLoadBalancer);
        // The joins go through the VIP, which keepalived moves to the other LB: apply finishes (its lock on the dead
        // host cannot be released: a warning).
        run.Faulted.ExitCode.Should().Be(0, run.Faulted.ToString());
        (run.Faulted.StdOut + run.Faulted.StdErr).Should().Contain(lab.Host(story.PoweredOffLoadBalancer).Address);
        run.LeftBehind.Should().BeEmpty();
        // The host is still off: the same config fails at once, naming it and the phase; without it, apply converges.
        ShouldFailNaming(run.Rerun, lab.Host(story.PoweredOffLoadBalancer).Address, "Connect to hosts");
        run.LeftBehindAfterRerun.Should().BeEmpty();
        story.RerunWithoutDeadLoadBalancer.ExitCode.Should().Be(0, story.RerunWithoutDeadLoadBalancer.ToString());
        story.LeftBehindAfterRerunWithoutDead.Should().BeEmpty();
        run.EtcdMembers.Should().Be(3);
        run.ReadyNodes.Should().Equal(AllNodes);
    }

    [Fact]
    public async Task The_k0s_controller_killed_while_it_joins_is_restarted_by_systemd_and_the_join_finishes()
    {
        var story = await lab.Story;
        var run = story.ThreeFaults;

        // The kill was real (systemd restarted the unit); k0s's unit restarts it (Restart=always) with the token file
        // still there and valid, so the join finishes within apply's wait.
        story.KilledK0sPid.Should().BePositive();
        story.K0sRestartsAfterKill.Should().BeGreaterThanOrEqualTo(1);
        run.Faulted.ExitCode.Should().Be(0, run.Faulted.ToString());
        run.LeftBehind.Should().BeEmpty();
        run.EtcdMembers.Should().Be(3);
    }

    [Fact]
    public async Task Sshd_stopped_on_a_worker_while_workers_join_does_not_break_the_run_and_leaves_nothing_behind()
    {
        var story = await lab.Story;
        var run = story.ThreeFaults;

        // The fault was real: new logins were refused. hactl's one connection (a ControlMaster opened before the fault)
        // survives sshd's stop, as OpenSSH sessions do, so the join finishes.
        story.SshToWorkerWhileStopped.ExitCode.Should().Be(255);
        story.SshToWorkerWhileStopped.StdErr.Should().Contain("Connection refused");
        run.Faulted.ExitCode.Should().Be(0, run.Faulted.ToString());
        run.LeftBehind.Should().BeEmpty();
        run.ReadyNodes.Should().Equal(AllNodes);
    }

    private static void ShouldFailNaming(ProcessResult faulted, string host, string phase)
    {
        faulted.ExitCode.Should().Be(1, faulted.ToString());
        (faulted.StdOut + faulted.StdErr).Should().Contain($"error in phase \"{phase}\"").And.Contain(host);
    }

    private static void ShouldConverge(FaultRun run)
    {
        run.Rerun.ExitCode.Should().Be(0, run.Rerun.ToString());
        run.EtcdMembers.Should().Be(3);
        run.ReadyNodes.Should().Equal(AllNodes);
    }
}
