using System.Text.Json;
using HaCluster.Backup;
using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;
using HaCluster.Tests.Fakes;
using HaCluster.Tests.Operations;

namespace HaCluster.Tests.Backup;

/// <summary>
/// The controller `hactl backup` picks (running, etcd member healthy, API ready; the others passed over with the
/// reason) and the archive it takes there, on fake controllers c1..c3 whose etcd answers with captured replies.
/// </summary>
public sealed class BackupPhasesTests : IDisposable
{
    private const string BackupCommand = "timeout -k 10 300 /usr/local/bin/k0s backup --save-path -";

    private readonly string dir = Archives.TempDirectory();
    private FakeRun run = null!;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private BackupDestination Destination => new(Path.Combine(dir, "ops.tar.gz"));

    [Fact]
    public async Task In_a_healthy_cluster_the_first_controller_is_chosen()
    {
        var (context, cluster) = Cluster();

        var source = await new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        source.Controller.Name.Should().Be("c1");
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Info && e.Host == "c1" && e.Message!.StartsWith("taking the backup on c1"));
        run.Sink.Events.Should().NotContain(e => e.Event == EventKinds.Warning);
    }

    [Fact]
    public async Task A_controller_whose_etcd_member_is_unhealthy_is_skipped_with_the_reason()
    {
        var (context, cluster) = Cluster(etcdDown: ["c1"]);

        var source = await new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        source.Controller.Name.Should().Be("c2");
        run.Sink.Events.Should().ContainSingle(e => e.Event == EventKinds.Warning).Which.Should().Match<RunEvent>(e =>
            e.Host == "c1" && e.Message!.StartsWith("not used for the backup: its etcd member is unhealthy: no answer at https://10.0.0.11:2379"));
    }

    [Fact]
    public async Task A_controller_whose_k0s_is_not_running_is_skipped_and_not_asked()
    {
        var (context, cluster) = Cluster(stopped: ["c1"]);

        var source = await new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        source.Controller.Name.Should().Be("c2");
        run["c1"].Commands.Should().BeEmpty();
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Host == "c1"
            && e.Message == "not used for the backup: k0s is not running (k0scontroller is inactive)");
    }

    [Fact]
    public async Task A_controller_whose_API_is_not_ready_is_skipped()
    {
        var (context, cluster) = Cluster(apiDown: ["c1", "c2"]);

        var source = await new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        source.Controller.Name.Should().Be("c3");
        run.Sink.Events.Where(e => e.Event == EventKinds.Warning).Select(e => e.Host).Should().Equal("c1", "c2");
    }

    [Fact]
    public async Task An_unreachable_or_ejected_controller_is_no_candidate()
    {
        var (context, cluster) = Cluster(unreachable: ["c1"], ejected: "10.0.0.12");

        var source = await new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        source.Controller.Name.Should().Be("c3");
    }

    [Fact]
    public async Task Without_any_healthy_running_controller_the_run_fails_with_every_reason()
    {
        var (context, cluster) = Cluster(unreachable: ["c1"], stopped: ["c2"], apiDown: ["c3"]);

        var choose = () => new ChooseBackupControllerPhase().RunAsync(context, cluster, CancellationToken.None);

        (await choose.Should().ThrowAsync<HostException>()).WithMessage(
            "no healthy running controller to take the backup on (c1: unreachable; c2: k0s is not running (k0scontroller is inactive); c3: its API is not ready (/readyz))");
    }

    [Fact]
    public async Task The_archive_is_streamed_from_k0s_backup_into_a_0600_file_at_the_destination()
    {
        var archive = Archives.Backup();
        var (context, cluster) = Cluster();
        run["c2"].OnStream(BackupCommand, archive);

        var taken = await new TakeBackupPhase(Destination).RunAsync(context, Source(cluster, "c2"), CancellationToken.None);

        taken.Should().Be(new TakenBackup(Destination.Path, archive.Length, "c2"));
        Directory.GetFiles(dir).Should().Equal(Destination.Path);
        File.ReadAllBytes(Destination.Path).Should().Equal(archive);
        File.GetUnixFileMode(Destination.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        run["c2"].Commands.Should().Equal(BackupCommand);
    }

    [Fact]
    public async Task A_controller_with_its_own_data_dir_is_told_so()
    {
        var (context, cluster) = Cluster();
        run["c1"].OnStream("timeout -k 10 300 /usr/local/bin/k0s backup --save-path - --data-dir=/srv/k0s", Archives.Backup());
        var c1 = cluster.Controllers.First();
        var source = new BackupSource(c1 with { Host = c1.Host with { DataDir = "/srv/k0s" } });

        await new TakeBackupPhase(Destination).RunAsync(context, source, CancellationToken.None);

        File.Exists(Destination.Path).Should().BeTrue();
    }

    [Fact]
    public async Task An_archive_without_k0s_yaml_fails_naming_the_host_and_leaves_no_file()
    {
        var (context, cluster) = Cluster();
        run["c1"].OnStream(BackupCommand, Archives.Backup("etcd-snapshot.db", "pki/", "pki/ca.crt"));

        var take = () => new TakeBackupPhase(Destination).RunAsync(context, Source(cluster, "c1"), CancellationToken.None);

        var error = (await take.Should().ThrowAsync<HostException>()).Which;
        error.Host.Should().Be("c1");
        error.Message.Should().MatchRegex(@"^c1: the archive `k0s backup` sent \(\d+ bytes\) is not a usable backup: it lacks k0s.yaml; nothing was written$");
        Directory.GetFileSystemEntries(dir).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_k0s_backup_fails_with_its_stderr_and_leaves_no_file()
    {
        var (context, cluster) = Cluster();
        run["c1"].OnStream(BackupCommand, [], 1, "Error: unable to detect cluster status status: can't get \"status\" via \"/run/k0s/status.sock\"");

        var take = () => new TakeBackupPhase(Destination).RunAsync(context, Source(cluster, "c1"), CancellationToken.None);

        (await take.Should().ThrowAsync<RemoteException>()).WithMessage($"c1: `{BackupCommand}` exited 1: Error: unable to detect cluster status*");
        Directory.GetFileSystemEntries(dir).Should().BeEmpty();
    }

    [Fact]
    public async Task A_backup_stopped_by_its_timeout_says_so_and_leaves_no_half_archive()
    {
        var (context, cluster) = Cluster();
        run["c1"].OnStream(BackupCommand, Archives.Backup()[..100], 124);

        var take = () => new TakeBackupPhase(Destination).RunAsync(context, Source(cluster, "c1"), CancellationToken.None);

        (await take.Should().ThrowAsync<HostException>()).WithMessage("c1: `k0s backup` did not finish within 300 s*raise --timeout*");
        Directory.GetFileSystemEntries(dir).Should().BeEmpty();
    }

    [Fact]
    public async Task The_timeout_follows_the_runs_timeout()
    {
        var (context, cluster) = Cluster(timeout: TimeSpan.FromSeconds(90));
        run["c1"].OnStream("timeout -k 10 90 /usr/local/bin/k0s backup --save-path -", Archives.Backup());

        await new TakeBackupPhase(Destination).RunAsync(context, Source(cluster, "c1"), CancellationToken.None);

        File.Exists(Destination.Path).Should().BeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_event_of_a_run_holds_the_archives_content_or_the_VRRP_password(bool goodArchive)
    {
        var (context, cluster) = Cluster();
        run["c1"].OnStream(BackupCommand, goodArchive ? Archives.Backup() : Archives.Backup("pki/ca.key", $"{TestClusters.AuthPass}.txt"));
        var operation = Operation.Compose("backup")
            .Then(new Given<GatheredCluster>(cluster))
            .Then(new ChooseBackupControllerPhase())
            .Then(new TakeBackupPhase(Destination))
            .Finally(backup => backup);

        var outcome = await OperationRunner.RunAsync(operation, context, CancellationToken.None);

        outcome.Status.Should().Be(goodArchive ? RunStatus.Succeeded : RunStatus.Failed);
        run.Sink.Events.First().Event.Should().Be(EventKinds.RunStarted);
        run.Sink.Events.Last().Event.Should().Be(EventKinds.RunFinished);
        var json = string.Join('\n', run.Sink.Events.Select(e => JsonSerializer.Serialize(e)));
        json.Should().NotContain("BEGIN").And.NotContain("FakeKeyMaterial").And.NotContain("content of").And.NotContain("s3cretpw");
        if (goodArchive)
        {
            run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Info && e.Message == $"wrote {Destination.Path} ({new FileInfo(Destination.Path).Length} bytes, mode 0600), taken on c1");
        }
        else
        {
            run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Error && e.Host == "c1" && e.Phase == "Take backup");
            Directory.GetFileSystemEntries(dir).Should().BeEmpty();
        }
    }

    private static BackupSource Source(GatheredCluster cluster, string controller) => new(cluster.Controllers.Single(c => c.Name == controller));

    /// <summary>
    /// lb1, c1..c3 (etcd members, healthy unless <paramref name="etcdDown"/>), w1; controllers' k0s running unless
    /// <paramref name="stopped"/>, their API ready unless <paramref name="apiDown"/>; <paramref name="ejected"/> recorded on every controller.
    /// </summary>
    private (RunContext, GatheredCluster) Cluster(string[]? etcdDown = null, string[]? stopped = null, string[]? apiDown = null,
        string[]? unreachable = null, string? ejected = null, TimeSpan? timeout = null)
    {
        run = new FakeRun(TestClusters.Ops(), new RunOptions { Timeout = timeout ?? TimeSpan.FromMinutes(5) }, "backup",
            reached: s => !(unreachable ?? []).Contains(s.Name));
        var memberList = "### 0 https://127.0.0.1:2379/v3/cluster/member/list\n{\"members\":["
            + string.Join(',', Enumerable.Range(1, 3).Select(i =>
                $$"""{"ID":"{{i}}","name":"c{{i}}","peerURLs":["https://10.0.0.1{{i}}:2380"],"clientURLs":["https://10.0.0.1{{i}}:2379"]}"""))
            + "]}\n";
        var statuses = string.Concat(Enumerable.Range(1, 3).Select(i => (etcdDown ?? []).Contains($"c{i}")
            ? $"### 7 https://10.0.0.1{i}:2379/v3/maintenance/status\ncurl: (7) Failed to connect\n"
            : $"### 0 https://10.0.0.1{i}:2379/v3/maintenance/status\n{EtcdCaptures.Status($"{i}", "2")}\n"));
        foreach (var session in run.Context.Connected.Where(s => s.Host.IsController))
        {
            run[session.Name]
                .On("etcd member list", memberList)
                .On("etcd member status", statuses)
                .On("/usr/local/bin/k0s kubectl", (apiDown ?? []).Contains(session.Name) ? "" : "ok\n", (apiDown ?? []).Contains(session.Name) ? 1 : 0);
        }
        return (run.Context, run.Gathered(session => Facts(session, stopped ?? [], ejected)));
    }

    private static HostFacts Facts(HostSession session, string[] stopped, string? ejected)
    {
        if (!session.Host.IsController)
        {
            return FakeRun.Facts(session.Name);
        }
        var facts = K0sFakes.Joined(session.Name, "k0scontroller");
        return facts with
        {
            ServiceStates = new Dictionary<string, string> { ["k0scontroller"] = stopped.Contains(session.Name) ? "inactive" : "active" },
            EjectedControllers = ejected is null ? [] : [new EjectedController(ejected, "c2", FakeRun.Now)],
        };
    }

    /// <summary>Hands on a state made by the test, as the phases before it would have.</summary>
    private sealed class Given<T>(T state) : Phase<RunStart, T>
    {
        public override string Title => "Given";

        public override Task<T> RunAsync(RunContext context, RunStart start, CancellationToken cancellationToken) => Task.FromResult(state);
    }
}
