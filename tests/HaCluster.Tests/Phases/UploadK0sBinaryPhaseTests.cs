using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>The k0s binary on every k0s host: downloaded or uploaded when needed, its version recorded.</summary>
public class UploadK0sBinaryPhaseTests
{
    private const string Download = "download k0s https://github.com/k0sproject/k0s/releases/download/v1.33.4+k0s.0/k0s-v1.33.4+k0s.0-amd64 /usr/local/bin/k0s.hactl-staged";
    private const string Swap = "swap in the staged k0s binary /usr/local/bin/k0s.hactl-staged /usr/local/bin/k0s /var/lib/hactl/k0s-version '%i %s %Y %Z' v1.33.4+k0s.0";
    private static readonly string K0sHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("k0s"u8));

    [Fact]
    public async Task A_host_without_k0s_downloads_the_configured_version_for_its_arch_beside_the_live_path_and_swaps_it_in_checked()
    {
        var (run, cluster) = Given(installed: false);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Commands.Should().Equal(Download, Swap + " ''");
        cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
    }

    [Fact]
    public async Task A_host_whose_recorded_version_matches_its_binary_is_left_alone()
    {
        var (run, cluster) = Given(installed: true);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        cluster.Controllers.Single().Changed.Binary.Should().BeFalse();
    }

    [Fact]
    public async Task Without_k0s_on_the_host_or_a_version_in_the_config_it_says_what_to_set()
    {
        var (run, cluster) = Given(installed: false, version: null);

        var install = () => new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        (await install.Should().ThrowAsync<HostException>()).WithMessage("c1: no k0s installed and spec.k0s.version is not set*");
    }

    [Fact]
    public async Task An_uploaded_binary_for_a_host_where_k0s_runs_is_staged_beside_the_live_one_and_left_for_the_rolling_upgrade()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = Given(installed: true, upload: binary.Path);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Uploads.Keys.Should().Equal("/usr/local/bin/k0s.hactl-staged");
        run["c1"].Uploads["/usr/local/bin/k0s.hactl-staged"].Should().Be("k0s");
        run["c1"].UploadHashes["/usr/local/bin/k0s.hactl-staged"].Should().Be(K0sHash, "the host checks the upload against it before the rename");
        run["c1"].Commands.Should().BeEmpty("the running k0s keeps its binary until its turn");
        cluster.Controllers.Single().Changed.Binary.Should().BeFalse();
    }

    [Fact]
    public async Task An_uploaded_binary_for_a_host_where_no_k0s_runs_is_staged_and_swapped_in_at_once()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = Given(installed: false, upload: binary.Path);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Uploads.Keys.Should().Equal("/usr/local/bin/k0s.hactl-staged");
        run["c1"].Commands.Should().ContainSingle().Which.Should().Be($"{Swap} {K0sHash}", "the record takes the hash the upload was checked against");
        cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
    }

    [Fact]
    public async Task No_more_binaries_are_uploaded_at_once_than_concurrency_uploads_allows()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = Given(installed: true, upload: binary.Path, controllers: 5, uploads: 2);
        var now = 0;
        var most = 0;
        foreach (var host in run.Hosts.Values)
        {
            host.WhileUploading = async token =>
            {
                var at = Interlocked.Increment(ref now);
                InterlockedMax(ref most, at);
                await Task.Delay(50, token);
                Interlocked.Decrement(ref now);
            };
        }

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Hosts.Values.Count(h => h.Uploads.ContainsKey("/usr/local/bin/k0s.hactl-staged")).Should().Be(5);
        most.Should().Be(2);
    }

    [Fact]
    public async Task Under_dry_run_the_download_is_planned_and_the_host_counts_as_changed_for_the_restart_plan()
    {
        var (run, cluster) = Given(installed: false, dryRun: true);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["c1"]).Single().Select(c => c.Action)
            .Should().Equal("download k0s v1.33.4+k0s.0 to /usr/local/bin/k0s.hactl-staged", "install the staged k0s binary as /usr/local/bin/k0s");
        cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
    }

    [Fact]
    public async Task A_worker_without_k0s_gets_its_binary_behind_the_later_phases_while_a_controller_gets_it_within_the_phase()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = GivenWorkers(binary.Path);
        var release = new TaskCompletionSource();
        run["w1"].WhileUploading = _ => release.Task;
        var workers = new WorkerBinaries();
        run.Context.Phase = "Install k0s binary";

        await new UploadK0sBinaryPhase(workers).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Context.Phase = "Initialize cluster";
        run["c1"].Commands.Should().ContainSingle().Which.Should().StartWith(Swap);
        var w1 = cluster.Workers.Single();
        var ready = workers.ReadyAsync(w1, CancellationToken.None);
        ready.IsCompleted.Should().BeFalse("the worker's upload is still under way");
        run["w1"].Commands.Should().BeEmpty();

        release.SetResult();
        await ready;
        run["w1"].Commands.Should().ContainSingle().Which.Should().Be($"{Swap} {K0sHash}");
        w1.Changed.Binary.Should().BeTrue();
        run.Sink.Events.Where(e => e.Host == "w1" && e.Event == EventKinds.HostAction).Select(e => e.Phase)
            .Should().AllBe("Install k0s binary", "a change reports the phase that began it");
    }

    [Fact]
    public async Task The_clean_up_stops_a_worker_install_still_under_way_and_waits_for_it_to_end()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = GivenWorkers(binary.Path);
        var uploading = new TaskCompletionSource();
        var ended = false;
        run["w1"].WhileUploading = async token =>
        {
            uploading.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                ended = true;
            }
        };
        var workers = new WorkerBinaries();
        var phase = new UploadK0sBinaryPhase(workers);
        await phase.RunAsync(run.Context, cluster, CancellationToken.None);
        await uploading.Task;

        await phase.CleanUpAsync(run.Context, CancellationToken.None);

        ended.Should().BeTrue();
        run["w1"].Commands.Should().BeEmpty("nothing is swapped in after the stop");
        run.Sink.Events.Should().NotContain(e => e.Event == EventKinds.Warning, "a cancelled install is no failure of its own");
    }

    [Fact]
    public async Task The_clean_up_gives_up_on_an_install_that_does_not_stop_once_the_closing_budget_is_spent()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = GivenWorkers(binary.Path);
        var uploading = new TaskCompletionSource();
        var stuck = new TaskCompletionSource();
        run["w1"].WhileUploading = _ =>
        {
            uploading.SetResult();
            return stuck.Task; // deaf to cancellation, as a hung channel is
        };
        var phase = new UploadK0sBinaryPhase(new WorkerBinaries());
        await phase.RunAsync(run.Context, cluster, CancellationToken.None);
        await uploading.Task;

        await phase.CleanUpAsync(run.Context, new CancellationToken(canceled: true));

        run.Sink.Events.Should().ContainSingle(e => e.Event == EventKinds.Warning)
            .Which.Message.Should().Contain("did not stop within the closing budget on w1");
        stuck.SetResult();
    }

    [Fact]
    public async Task A_stopped_worker_with_an_upgrade_planned_gets_its_binary_within_the_phase_for_the_rolling_upgrade()
    {
        using var binary = new LocalBinary();
        var (run, gathered) = GivenWorkers(binary.Path);
        var w1 = gathered.Workers.Single();
        var upgrade = new HostUpgrade(w1, K0sVersion.Parse("v1.33.4+k0s.0")!, K0sVersion.Parse("v1.34.1+k0s.0")!);
        var cluster = gathered with { Upgrade = new UpgradePlan([], [[upgrade]]) };
        var workers = new WorkerBinaries();

        await new UploadK0sBinaryPhase(workers).RunAsync(run.Context, cluster, CancellationToken.None);

        run["w1"].Uploads.Should().ContainKey("/usr/local/bin/k0s.hactl-staged", "UpgradeWorkersPhase comes before the joins");
        workers.ReadyAsync(w1, CancellationToken.None).IsCompleted.Should().BeTrue("nothing of it was left to run behind");
    }

    [Fact]
    public async Task Under_dry_run_a_worker_install_is_planned_within_the_phase()
    {
        using var binary = new LocalBinary();
        var (run, cluster) = GivenWorkers(binary.Path, dryRun: true);

        await new UploadK0sBinaryPhase(new WorkerBinaries()).RunAsync(run.Context, cluster, CancellationToken.None);

        run.Context.Plan.ByHost(["w1"])[0].Key.Should().Be("w1");
        run.Context.Plan.ByHost(["w1"])[0].Select(c => c.Action).Should().HaveCount(2, "its stage and swap, planned before the phase ends");
    }

    private static (FakeRun, GatheredCluster) GivenWorkers(string upload, bool dryRun = false)
    {
        var model = TestClusters.Ops(controllers: 1, workers: 1);
        model = model with
        {
            Hosts = [.. model.Hosts.Select(h => h.Role == HostRole.LoadBalancer ? h : h with { UploadBinary = true, K0sBinaryPath = upload })],
        };
        var run = new FakeRun(model, new RunOptions { DryRun = dryRun });
        run["c1"].On("swap in the staged k0s binary", "");
        run["w1"].On("swap in the staged k0s binary", "");
        return (run, run.Gathered(s => FakeRun.Facts(s.Name)));
    }

    /// <summary>The k0s binary on this machine that uploadBinary sends (its content: "k0s"), removed on dispose.</summary>
    private sealed class LocalBinary : IDisposable
    {
        public LocalBinary() => File.WriteAllText(Path, "k0s");

        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }

    private static void InterlockedMax(ref int most, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, value, seen) != seen)
        {
        }
    }

    private static (FakeRun, GatheredCluster) Given(
        bool installed, string? version = "v1.33.4+k0s.0", string? upload = null, bool dryRun = false, int controllers = 1, int uploads = 5)
    {
        var model = TestClusters.Ops(controllers: controllers, workers: 0);
        model = model with
        {
            Hosts = [.. model.Hosts.Select(h => h.IsController ? h with { UploadBinary = upload is not null, K0sBinaryPath = upload } : h)],
            K0s = model.K0s with { Version = version },
            Options = model.Options with { Concurrency = model.Options.Concurrency with { Uploads = uploads } },
        };
        var run = new FakeRun(model, new RunOptions { DryRun = dryRun });
        run["c1"].On("download k0s", "").On("swap in the staged k0s binary", "").On("record k0s version", "");
        return (run, run.Gathered(s => installed ? K0sFakes.Joined(s.Name, "k0scontroller") : FakeRun.Facts(s.Name)));
    }
}
