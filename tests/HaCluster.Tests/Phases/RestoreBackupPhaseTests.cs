using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using HaCluster.Backup;
using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;
using HaCluster.Tests.Backup;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>
/// `apply --restore-from`: the archive's checks and every refusal run nothing on any host; the restore goes onto the
/// controller its peerAddress names, in order, and never leaves the archive behind.
/// </summary>
public sealed class RestoreBackupPhaseTests : IDisposable
{
    private readonly string dir = Archives.TempDirectory();
    private readonly ConcurrentQueue<string> started = new();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task A_file_that_is_not_a_gzip_tar_is_refused_with_nothing_run()
    {
        var (run, cluster) = Given();
        var path = Write(Encoding.UTF8.GetBytes("not an archive"));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("is not a k0s backup");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task An_archive_without_the_etcd_snapshot_is_refused_with_nothing_run()
    {
        var (run, cluster) = Given();
        var path = Write(Archive(Config("10.0.0.11", Vip(cluster)), without: BackupArchive.EtcdSnapshot));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("lacks etcd-snapshot.db");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_file_is_refused()
    {
        var (run, cluster) = Given();

        var act = () => new CheckRestorePhase(new RestoreSource(Path.Combine(dir, "absent.tar.gz"))).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("cannot read");
    }

    [Fact]
    public async Task The_controller_whose_private_address_is_the_archived_peerAddress_is_chosen()
    {
        var (run, cluster) = Given();
        var source = new RestoreSource(Write(Archive(Config("10.0.0.12", Vip(cluster)))));

        await new CheckRestorePhase(source).RunAsync(run.Context, cluster, CancellationToken.None);

        source.TargetIndex.Should().Be(cluster.Hosts.Single(h => h.Name == "c2").Host.Index);
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_peerAddress_no_controller_has_is_refused_citing_the_k0s_issue()
    {
        var (run, cluster) = Given();
        var path = Write(Archive(Config("10.9.9.9", Vip(cluster))));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        var message = (await act.Should().ThrowAsync<RefusedException>()).Which.Message;
        message.Should().Contain("10.9.9.9").And.Contain("#7876");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_peerAddress_that_is_a_workers_is_refused_never_restoring_onto_a_worker()
    {
        var (run, cluster) = Given();
        var path = Write(Archive(Config("10.0.0.21", Vip(cluster))));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("w1, which is not a controller");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task An_archive_whose_externalAddress_differs_from_the_load_balancers_is_refused()
    {
        var (run, cluster) = Given();
        var path = Write(Archive(Config("10.0.0.11", "10.0.0.200")));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("externalAddress is 10.0.0.200").And.Contain(Vip(cluster));
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_running_controller_is_refused_by_name()
    {
        var (run, cluster) = Given(facts: s => s.Name == "c3" ? K0sFakes.Joined("c3", "k0scontroller") with { EtcdJoined = false } : FakeRun.Facts(s.Name));
        var path = Write(Archive(Config("10.0.0.11", Vip(cluster))));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("c3 (k0s running)");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task A_stopped_controller_with_etcd_data_is_refused_by_name()
    {
        var (run, cluster) = Given(facts: s => s.Name == "c2" ? FakeRun.Facts("c2") with { EtcdJoined = true } : FakeRun.Facts(s.Name));
        var path = Write(Archive(Config("10.0.0.11", Vip(cluster))));

        var act = () => new CheckRestorePhase(new RestoreSource(path)).RunAsync(run.Context, cluster, CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("c2 (etcd data in /var/lib/k0s/etcd)");
        run.AllCommands.Should().BeEmpty();
    }

    [Fact]
    public async Task The_restore_host_uploads_restores_removes_the_archive_then_installs_and_starts_and_installed_controllers_are_reset()
    {
        var (run, cluster) = Given(facts: s => s.Name == "c3" ? Installed("c3") : FakeRun.Facts(s.Name));
        var source = await Checked(run, cluster, "10.0.0.12");
        Restores(run, "c2");
        run["c3"].On("/usr/local/bin/k0s reset", "");

        var restored = await new RestoreBackupPhase(source).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c2"].Commands.Should().StartWith(
        [
            "mktemp -d /tmp/hactl-restore.XXXXXXXX",
            "/usr/local/bin/k0s restore --config-out=/tmp/hactl-restore.abc/k0s_restored.yaml /tmp/hactl-restore.abc/k0s_backup.tar.gz",
            "rm -rf -- /tmp/hactl-restore.abc",
            "/usr/local/bin/k0s install controller --config=/etc/k0s/k0s.yaml",
            "systemctl start k0scontroller",
        ]);
        run.Journal.Should().ContainInOrder("c2: mktemp -d /tmp/hactl-restore.XXXXXXXX", "c2: upload /tmp/hactl-restore.abc/k0s_backup.tar.gz");
        run["c3"].Commands.Should().Equal("/usr/local/bin/k0s reset");
        run["c1"].Commands.Should().BeEmpty();
        K0sService.IsJoined(restored.Hosts.Single(h => h.Name == "c2")).Should().BeTrue("initializing leads from the restored controller");
        K0sService.IsInstalled(restored.Hosts.Single(h => h.Name == "c3")).Should().BeFalse("the reset controller joins afresh");
        run.Sink.Events.Should().NotContain(e => (e.Message ?? "").Contains("KeyMaterial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_restore_still_removes_the_uploaded_archive_and_starts_nothing()
    {
        var (run, cluster) = Given();
        var source = await Checked(run, cluster, "10.0.0.11");
        Restores(run, "c1");
        run["c1"].Instead("/usr/local/bin/k0s restore", "", 1, "Error: failed to restore on step `etcd`: data-dir \"/var/lib/k0s/etcd\" not empty or could not be read");

        var act = () => new RestoreBackupPhase(source).RunAsync(run.Context, cluster, CancellationToken.None);

        await act.Should().ThrowAsync<RemoteException>();
        run["c1"].Commands.Should().EndWith("rm -rf -- /tmp/hactl-restore.abc");
        run["c1"].Commands.Should().NotContain(c => c.StartsWith("systemctl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_default_data_dir_is_passed_to_k0s_restore()
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0), new RunOptions { Timeout = TimeSpan.FromSeconds(5) });
        var gathered = run.Gathered();
        var hosts = gathered.Hosts.Select(h => h.Name == "c1" ? h with { Host = h.Host with { DataDir = "/data/k0s" } } : h).ToList();
        var cluster = Rendered(gathered with { Hosts = hosts }, gathered.Before);
        var source = await Checked(run, cluster, "10.0.0.11");
        Restores(run, "c1");

        await new RestoreBackupPhase(source).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Commands.Should().Contain(c => c.StartsWith("/usr/local/bin/k0s restore --data-dir=/data/k0s --config-out=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_dry_run_the_plan_says_what_is_restored_where_and_which_controllers_are_reset()
    {
        var (run, cluster) = Given(dryRun: true, facts: s => s.Name == "c2" ? Installed("c2") : FakeRun.Facts(s.Name));
        var source = await Checked(run, cluster, "10.0.0.11");

        await new RestoreBackupPhase(source).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        var items = run.Context.Plan.ByHost(["c1", "c2"]).SelectMany(g => g.Select(i => $"{g.Key}: {i.Action}")).ToList();
        items.Should().HaveCount(2);
        items[0].Should().StartWith($"c1: restore {Path.GetFileName(source.Path)} onto c1");
        items[1].Should().Be("c2: reset c2 to rejoin the restored cluster (k0s reset)");
    }

    private static (FakeRun, RenderedCluster) Given(bool dryRun = false, Func<HostSession, HostFacts>? facts = null)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 3, workers: 1), new RunOptions { DryRun = dryRun, Timeout = TimeSpan.FromSeconds(5) });
        var gathered = run.Gathered(facts);
        return (run, Rendered(gathered, gathered.Before));
    }

    private static RenderedCluster Rendered(GatheredCluster gathered, OsDetected os) => new(gathered, os, ClusterRenderer.RenderAll(gathered.Cluster));

    private async Task<RestoreSource> Checked(FakeRun run, RenderedCluster cluster, string peer)
    {
        var source = new RestoreSource(Write(Archive(Config(peer, Vip(cluster)))));
        await new CheckRestorePhase(source).RunAsync(run.Context, cluster, CancellationToken.None);
        return source;
    }

    private void Restores(FakeRun run, string host)
    {
        K0sFakes.Joins(run, host, started);
        run[host]
            .On("mktemp -d", "/tmp/hactl-restore.abc\n")
            .On("/usr/local/bin/k0s restore", "")
            .On("rm -rf", "");
    }

    private static HostFacts Installed(string name) => FakeRun.Facts(name) with
    {
        ServiceStates = new Dictionary<string, string> { ["k0scontroller"] = "inactive" },
    };

    /// <summary>The externalAddress hactl renders for the test cluster.</summary>
    private static string Vip(RenderedCluster cluster)
    {
        var c1 = cluster.Controllers.First();
        var yaml = RestoreSource.Parse(cluster.Of(c1).Find(K0sPaths.Config)!.Content, "rendered");
        return RestoreSource.At(yaml, "spec.api.externalAddress")!;
    }

    private static string Config(string peer, string externalAddress) => $"""
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata:
          name: k0s
        spec:
          api:
            externalAddress: {externalAddress}
          storage:
            type: etcd
            etcd:
              peerAddress: {peer}
        """;

    private static byte[] Archive(string k0sYaml, string? without = null)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in new[]
            {
                ("etcd-snapshot.db", "snapshot"), ("pki/ca.crt", "cert"), ("pki/ca.key", Archives.KeyText), ("k0s.yaml", k0sYaml),
            }.Where(e => e.Item1 != without))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }
        return buffer.ToArray();
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(dir, $"backup-{Guid.NewGuid():N}.tar.gz");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
