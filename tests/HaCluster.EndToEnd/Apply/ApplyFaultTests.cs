namespace HaCluster.EndToEnd.Apply;

/// <summary>Faults in the middle of apply's joins (<see cref="ApplyFaultScenario"/>): clear errors, nothing left behind, re-runs converge.</summary>
public sealed class ApplyFaultTests(ApplyFaultScenario lab) : IClassFixture<ApplyFaultScenario>
{
    private static readonly string[] AllNodes = ["h3", "h4", "h5", "h6", "h7"];

    [Fact]
    public async Task A_controller_cut_off_while_it_joins_fails_naming_it_and_the_phase_and_a_rerun_converges()
    {
        var run = (await lab.Story).IsolatedController;

        ShouldFailNaming(run.Faulted, lab.Host("h4").Address, "Join controllers");
        run.LeftBehind.Should().BeEmpty();
        ShouldConverge(run);
    }

    [Fact]
    public async Task Sshd_stopped_on_a_worker_while_workers_join_leaves_nothing_behind_and_a_rerun_converges()
    {
        var run = (await lab.Story).SshdStoppedOnWorker;

        ShouldFailNaming(run.Faulted, lab.Host("h6").Address, "Join workers");
        run.LeftBehind.Should().BeEmpty();
        ShouldConverge(run);
    }

    [Fact]
    public async Task The_k0s_controller_killed_while_it_joins_leaves_nothing_behind_and_a_rerun_converges()
    {
        var story = await lab.Story;
        var run = story.K0sKilledOnController;

        story.KilledK0sPid.Should().BePositive();
        ShouldFailNaming(run.Faulted, lab.Host("h5").Address, "Join controllers");
        run.LeftBehind.Should().BeEmpty();
        ShouldConverge(run);
    }

    [Fact]
    public async Task The_VIP_holder_powered_off_during_the_joins_moves_the_VIP_and_apply_ends_clearly()
    {
        var story = await lab.Story;
        var run = story.LoadBalancerPoweredOff;

        story.VipHoldersAfterPowerOff.Should().ContainSingle().Which.Should().NotBe(story.PoweredOffLoadBalancer);
        run.Faulted.ExitCode.Should().BeOneOf([0, 1], run.Faulted.ToString());
        run.LeftBehind.Should().BeEmpty();
        story.RerunWithoutDeadLoadBalancer.ExitCode.Should().Be(0, story.RerunWithoutDeadLoadBalancer.ToString());
        run.EtcdMembers.Should().Be(3);
        run.ReadyNodes.Should().Equal(AllNodes);
    }

    private static void ShouldFailNaming(ProcessResult faulted, string host, string phase)
    {
        faulted.ExitCode.Should().Be(1, faulted.ToString());
        faulted.StdOut.Should().Contain($"error in phase \"{phase}\"").And.Contain(host);
    }

    private static void ShouldConverge(FaultRun run)
    {
        run.Rerun.ExitCode.Should().Be(0, run.Rerun.ToString());
        run.EtcdMembers.Should().Be(3);
        run.ReadyNodes.Should().Equal(AllNodes);
    }
}
