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

    [Fact]
    public async Task A_host_without_k0s_downloads_the_configured_version_for_its_arch_beside_the_live_path_and_swaps_it_in_checked()
    {
        var (run, cluster) = Given(installed: false);

        await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["c1"].Commands.Should().Equal(Download, Swap);
        cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
    }

    [Fact]
    public async Task A_host_whose_recorded_version_matches_its_binary_is_left_alone()
    {
        var (run, cluster) = Given(installed: true);

        await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        cluster.Controllers.Single().Changed.Binary.Should().BeFalse();
    }

    [Fact]
    public async Task Without_k0s_on_the_host_or_a_version_in_the_config_it_says_what_to_set()
    {
        var (run, cluster) = Given(installed: false, version: null);

        var install = () => new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        (await install.Should().ThrowAsync<HostException>()).WithMessage("c1: no k0s installed and spec.k0s.version is not set*");
    }

    [Fact]
    public async Task An_uploaded_binary_for_a_host_where_k0s_runs_is_staged_beside_the_live_one_and_left_for_the_rolling_upgrade()
    {
        var binary = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(binary, "k0s");
            var (run, cluster) = Given(installed: true, upload: binary);

            await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

            run["c1"].Uploads.Keys.Should().Equal("/usr/local/bin/k0s.hactl-staged");
            run["c1"].Uploads["/usr/local/bin/k0s.hactl-staged"].Should().Be("k0s");
            run["c1"].UploadHashes["/usr/local/bin/k0s.hactl-staged"].Should().Be(
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("k0s"u8)), "the host checks the upload against it before the rename");
            run["c1"].Commands.Should().BeEmpty("the running k0s keeps its binary until its turn");
            cluster.Controllers.Single().Changed.Binary.Should().BeFalse();
        }
        finally
        {
            File.Delete(binary);
        }
    }

    [Fact]
    public async Task An_uploaded_binary_for_a_host_where_no_k0s_runs_is_staged_and_swapped_in_at_once()
    {
        var binary = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(binary, "k0s");
            var (run, cluster) = Given(installed: false, upload: binary);

            await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

            run["c1"].Uploads.Keys.Should().Equal("/usr/local/bin/k0s.hactl-staged");
            run["c1"].Commands.Should().Equal(Swap);
            cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
        }
        finally
        {
            File.Delete(binary);
        }
    }

    [Fact]
    public async Task No_more_binaries_are_uploaded_at_once_than_concurrency_uploads_allows()
    {
        var binary = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(binary, "k0s");
            var (run, cluster) = Given(installed: true, upload: binary, controllers: 5, uploads: 2);
            var now = 0;
            var most = 0;
            foreach (var host in run.Hosts.Values)
            {
                host.WhileUploading = async () =>
                {
                    var at = Interlocked.Increment(ref now);
                    InterlockedMax(ref most, at);
                    await Task.Delay(50);
                    Interlocked.Decrement(ref now);
                };
            }

            await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

            run.Hosts.Values.Count(h => h.Uploads.ContainsKey("/usr/local/bin/k0s.hactl-staged")).Should().Be(5);
            most.Should().Be(2);
        }
        finally
        {
            File.Delete(binary);
        }
    }

    [Fact]
    public async Task Under_dry_run_the_download_is_planned_and_the_host_counts_as_changed_for_the_restart_plan()
    {
        var (run, cluster) = Given(installed: false, dryRun: true);

        await new UploadK0sBinaryPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["c1"]).Single().Select(c => c.Action)
            .Should().Equal("download k0s v1.33.4+k0s.0 to /usr/local/bin/k0s.hactl-staged", "install the staged k0s binary as /usr/local/bin/k0s");
        cluster.Controllers.Single().Changed.Binary.Should().BeTrue();
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
