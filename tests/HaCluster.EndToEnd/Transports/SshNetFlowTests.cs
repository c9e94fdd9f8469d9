using System.Text.Json;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Operations;

namespace HaCluster.EndToEnd.Transports;

/// <summary>The checks of <see cref="SshNetFlowScenario"/>'s story: the user-facing flows over SSH.NET.</summary>
public sealed class SshNetFlowTests(SshNetFlowScenario lab) : IClassFixture<SshNetFlowScenario>
{
    [Fact]
    public async Task Apply_builds_the_cluster_through_a_sudo_user_on_port_2222_and_a_bastion()
    {
        var story = await lab.Story;

        story.Apply.ExitCode.Should().Be(0, story.Apply.ToString());
        story.Apply.StdOut.Should().Contain("Apply finished");
        story.DirectSshToWorker.ExitCode.Should().NotBe(0, "h6 admits ssh only through its bastion");
        (await ClusterChecks.ReadyNodesAsync(lab, "h5")).Should().Contain("h6");
    }

    [Fact]
    public async Task The_run_names_its_transport_and_a_reapply_changes_nothing()
    {
        var story = await lab.Story;

        story.Reapply.ExitCode.Should().Be(0, story.Reapply.ToString());
        var events = story.Reapply.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        events.First().GetProperty("event").GetString().Should().Be("run.started");
        events.First().GetProperty("transport").GetString().Should().Be("sshnet");
        events.Should().NotContain(e => e.GetProperty("event").GetString() == "host.action");
        events.Last().GetProperty("changes").GetInt32().Should().Be(0);
        story.SnapshotAfterReapply.Should().Equal(story.SnapshotBeforeReapply);
    }

    [Fact]
    public async Task A_dry_run_has_nothing_pending()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(0, story.DryRun.ToString());
        story.DryRun.StdOut.Should().Contain("nothing to change");
    }

    [Fact]
    public async Task Kubeconfig_is_printed_for_the_VIP_and_the_written_one_reaches_readyz()
    {
        var story = await lab.Story;

        story.Kubeconfig.ExitCode.Should().Be(0, story.Kubeconfig.ToString());
        story.Kubeconfig.StdOut.Should().Contain($"server: https://{lab.VirtualIP}:6443");
        story.ReadyzWithWrittenKubeconfig.StdOut.Trim().Should().Be("ok", story.ReadyzWithWrittenKubeconfig.ToString());
    }

    [Fact]
    public async Task Status_is_healthy_also_with_strict_host_keys_when_every_key_is_known()
    {
        var story = await lab.Story;

        foreach (var status in new[] { story.Status, story.StatusStrictWithKnownKeys })
        {
            status.ExitCode.Should().Be(0, status.ToString());
            using var report = JsonDocument.Parse(status.StdOut);
            report.RootElement.GetProperty("healthy").GetBoolean().Should().BeTrue();
            report.RootElement.GetProperty("hosts").GetArrayLength().Should().Be(6);
        }
    }

    [Fact]
    public async Task Strict_host_keys_refuse_hosts_whose_keys_are_not_known()
    {
        var story = await lab.Story;

        story.ApplyStrictWithNoKnownKeys.ExitCode.Should().Be(1, story.ApplyStrictWithNoKnownKeys.ToString());
        // Hosts connect at once; the first refusal ends the phase and is the one reported.
        story.ApplyStrictWithNoKnownKeys.StdOut.Should().Contain("host key")
            .And.Match(output => lab.Hosts.Any(h => output.Contains(h.Address + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_naming_the_host()
    {
        var story = await lab.Story;

        story.ApplyWithChangedKey.ExitCode.Should().Be(1, story.ApplyWithChangedKey.ToString());
        story.ApplyWithChangedKey.StdOut.Should().Contain(lab.Host("h4").Address).And.Contain("host key");
        story.ApplyWithChangedKey.StdOut.Should().NotContain("Apply finished");
    }

    [Fact]
    public async Task A_host_whose_sshd_is_stopped_is_reported_unreachable()
    {
        var story = await lab.Story;

        story.StatusWithWorkerSshdStopped.ExitCode.Should().Be(5, story.StatusWithWorkerSshdStopped.ToString());
        using var report = JsonDocument.Parse(story.StatusWithWorkerSshdStopped.StdOut);
        report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString())
            .Should().Contain(p => p!.StartsWith(lab.Host("h6").Address + ": unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eject_controller_leaves_etcd_with_the_other_two()
    {
        var story = await lab.Story;

        story.Eject.ExitCode.Should().Be(0, story.Eject.ToString());
        story.MembersAfterEject.Should().Equal(OutOfBand.PeerUrls(lab, "h3", "h5"));
    }

    [Fact]
    public async Task No_run_ever_starts_an_ssh_process_while_the_same_watch_sees_OpenSSHs()
    {
        var story = await lab.Story;

        story.ProgramsStarted.Should().NotContain(["ssh", "scp", "sftp"]);
        story.TripwireRecord.Should().BeEmpty("no run executed the ssh on PATH");
        story.StatusOverOpenSsh.ExitCode.Should().Be(0, story.StatusOverOpenSsh.ToString());
        story.ProgramsStartedOverOpenSsh.Should().Contain("ssh", "the control run's ssh processes are seen, so the watch can see them");
    }
}
