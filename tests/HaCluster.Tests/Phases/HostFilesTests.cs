using System.Text;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>Managed files are written only when they changed, staged and checked before they go live.</summary>
public class HostFilesTests
{
    private const string Path = "/etc/haproxy/haproxy.cfg";
    private const string Content = "global\n";

    [Fact]
    public async Task A_file_the_host_already_holds_is_not_written()
    {
        var (run, host) = Given(hostHolds: Content);

        var written = await HostFiles.WriteIfChangedAsync(run.Context, host, File(host), Check, CancellationToken.None);

        written.Should().BeFalse();
        run.AllCommands.Should().BeEmpty();
        run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_changed_file_is_staged_beside_the_live_one_checked_there_and_moved_into_place()
    {
        var (run, host) = Given(hostHolds: "old\n");
        run["lb1"].On("haproxy -c", "").On("mv", "");

        var written = await HostFiles.WriteIfChangedAsync(run.Context, host, File(host), Check, CancellationToken.None);

        written.Should().BeTrue();
        run.Journal.Should().Equal(
            $"lb1: upload {Path}.hactl-new",
            $"lb1: haproxy -c -f {Path}.hactl-new",
            $"lb1: mv -f -- {Path}.hactl-new {Path}");
        run["lb1"].Uploads[$"{Path}.hactl-new"].Should().Be(Content);
    }

    [Fact]
    public async Task A_file_that_fails_its_check_is_removed_and_the_live_file_is_left_alone()
    {
        var (run, host) = Given(hostHolds: "old\n");
        run["lb1"].On("haproxy -c", "", exitCode: 1, stderr: "parsing error").On("rm", "");

        var write = () => HostFiles.WriteIfChangedAsync(run.Context, host, File(host), Check, CancellationToken.None);

        (await write.Should().ThrowAsync<RemoteException>()).WithMessage("lb1: `haproxy -c -f*` exited 1: parsing error");
        run["lb1"].Commands.Should().Contain($"rm -f -- {Path}.hactl-new").And.NotContain(c => c.StartsWith("mv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_dry_run_no_write_handle_is_created_and_the_plan_lists_the_change()
    {
        var (run, host) = Given(hostHolds: "old\n", dryRun: true);

        var written = await HostFiles.WriteIfChangedAsync(run.Context, host, File(host), Check, CancellationToken.None);

        written.Should().BeTrue();
        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["lb1"]).Single().Select(c => c.Action).Should().Equal($"write {Path}");
    }

    private static RemoteCommand Check(string staged) => RemoteCommand.Exec("haproxy", "-c", "-f", staged);

    private static RenderedFile File(GatheredHost host) => new(host.Host, Path, Content, "0644");

    private static (FakeRun, GatheredHost) Given(string hostHolds, bool dryRun = false)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0), new RunOptions { DryRun = dryRun });
        var cluster = run.Gathered(s => FakeRun.Facts(s.Name) with
        {
            FileHashes = new Dictionary<string, string> { [Path] = HostFiles.Sha256(Encoding.UTF8.GetBytes(hostHolds)) },
        });
        return (run, cluster.LoadBalancers.Single());
    }
}
