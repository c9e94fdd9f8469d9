namespace HaCluster.EndToEnd.Operations;

/// <summary>`hactl apply --restore-from` on a CPLB lab of 3 controllers and a worker: the checks of <see cref="RestoreScenario"/>'s story.</summary>
[Collection(CplbThenRestore.Name)]
public sealed class RestoreTests(RestoreScenario lab)
{
    [Fact]
    public async Task A_restore_while_the_cluster_runs_is_refused_naming_the_hosts_with_nothing_changed()
    {
        var story = await lab.Story;

        story.RestoreWhileRunning.ExitCode.Should().Be(4, story.RestoreWhileRunning.ToString());
        story.RestoreWhileRunning.StdOut.Should().Contain($"a cluster already exists on {lab.Host("h1").Address} (k0s running)");
        story.ChangesByRestoreWhileRunning.Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_that_is_not_a_k0s_backup_is_refused_with_nothing_changed()
    {
        var story = await lab.Story;

        story.RestoreNotABackup.ExitCode.Should().Be(4, story.RestoreNotABackup.ToString());
        story.RestoreNotABackup.StdOut.Should().Contain("is not a k0s backup");
        story.ChangesByRestoreNotABackup.Should().BeEmpty();
    }

    [Fact]
    public async Task A_restore_onto_a_host_the_config_makes_a_worker_is_refused_with_nothing_changed()
    {
        var story = await lab.Story;

        story.RestoreOntoWorker.ExitCode.Should().Be(4, story.RestoreOntoWorker.ToString());
        story.RestoreOntoWorker.StdOut.Should().Contain(
            $"its spec.storage.etcd.peerAddress {lab.Host("h1").Address} is {lab.Host("h1").Address}, which is not a controller");
        story.ChangesByRestoreOntoWorker.Should().BeEmpty();
    }

    [Fact]
    public async Task A_restore_whose_archive_contradicts_the_configs_load_balancer_is_refused_with_nothing_changed()
    {
        var story = await lab.Story;

        story.RestoreOtherLoadBalancer.ExitCode.Should().Be(4, story.RestoreOtherLoadBalancer.ToString());
        story.RestoreOtherLoadBalancer.StdOut.Should().Contain($"its spec.api.externalAddress is {lab.VirtualIP}, the config's load balancer gives {lab.OtherVip}");
        story.ChangesByRestoreOtherLoadBalancer.Should().BeEmpty();
    }

    [Fact]
    public async Task The_dry_run_says_onto_which_controller_the_backup_is_restored()
    {
        var story = await lab.Story;

        story.DryRun.ExitCode.Should().Be(3, story.DryRun.ToString());
        story.DryRun.StdOut.Should().Contain($"restore backup.tar.gz onto {lab.Host("h1").Address}");
    }

    [Fact]
    public async Task After_reset_the_restore_brings_the_cluster_back_for_the_old_kubeconfig_with_the_node_label_and_3_members()
    {
        var story = await lab.Story;

        story.Reset.ExitCode.Should().Be(0, story.Reset.ToString());
        story.Restore.ExitCode.Should().Be(0, story.Restore.ToString());
        story.ReadyzWithOldKubeconfig.ExitCode.Should().Be(0, story.ReadyzWithOldKubeconfig.ToString());
        story.ReadyzWithOldKubeconfig.StdOut.Trim().Should().Be("ok");
        story.LabelAfter.ExitCode.Should().Be(0, story.LabelAfter.ToString());
        story.LabelAfter.StdOut.Trim().Should().Be("before", $"node {story.Node} was labelled before the backup");
        story.Members.Should().Equal(OutOfBand.PeerUrls(lab, "h1", "h2", "h3"));
    }
}
