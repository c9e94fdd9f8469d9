using System.Text.RegularExpressions;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>Membership and quorum changes; each test puts the cluster back as it found it.</summary>
[Collection(SharedStandInCluster.Name)]
public sealed partial class MembershipTests(StandInCluster cluster)
{
    [Fact]
    public async Task Etcd_leave_run_on_a_remaining_controller_removes_the_named_peer()
    {
        var leaving = cluster.Controllers[2];
        try
        {
            await leaving.SystemctlAsync("stop", "k0scontroller");

            var result = await cluster.First.K0sWithin(TimeSpan.FromSeconds(20), "etcd", "leave", $"--peer-address={leaving.Address}");

            result.ExitCode.Should().Be(0, result.StdErr);
            result.StdOut.Should().BeEmpty();
            result.StdErr.Should().MatchRegex(SuccessfullyDeleted());
            (await ClusterSteps.MembersAsync(cluster.First)).Keys.Should().BeEquivalentTo(cluster.Controllers[0].Name, cluster.Controllers[1].Name);
        }
        finally
        {
            // The removed member must rejoin from scratch, as k0s requires: reset, new token, start.
            (await leaving.K0sAsync("reset")).ThrowIfFailed();
            await ClusterSteps.JoinControllerAsync(cluster.First, leaving, cluster.K0sYamlFor(leaving));
        }
    }

    [Fact]
    public async Task Leaving_an_unknown_peer_fails_with_peer_not_found()
    {
        var result = await cluster.First.K0sWithin(TimeSpan.FromSeconds(20), "etcd", "leave", "--peer-address=192.0.2.250");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().EndWith("Error: peer not found: https://192.0.2.250:2380\n");
    }

    [Fact]
    public async Task Stopping_two_of_three_controllers_makes_readyz_fail_on_the_last()
    {
        var stopped = cluster.Controllers.Skip(1).ToList();
        try
        {
            foreach (var controller in stopped)
            {
                await controller.SystemctlAsync("stop", "k0scontroller");
            }

            var result = await cluster.Worker.ExecAsync("curl", "-sk", "-w", "\n%{http_code}", $"https://{cluster.First.Address}:6443/readyz");

            result.StdOut.Should().EndWith("\n500");
            result.StdOut.Should().Contain("[-]etcd-readiness failed").And.Contain("readyz check failed");
            (await cluster.First.K0sAsync("kubectl", "get", "--raw=/readyz")).ExitCode.Should().Be(1);
        }
        finally
        {
            foreach (var controller in stopped)
            {
                await controller.SystemctlAsync("start", "k0scontroller");
            }

            await ClusterSteps.WaitReadyAsync(cluster.First);
            foreach (var controller in stopped)
            {
                await ClusterSteps.WaitReadyAsync(controller);
            }
        }
    }

    [Fact]
    public async Task Stopping_a_controller_stops_its_etcd()
    {
        var controller = cluster.Controllers[1];
        try
        {
            await controller.SystemctlAsync("stop", "k0scontroller");

            (await controller.ExecAsync("pgrep", "-x", "etcd")).ExitCode.Should().Be(1, "no etcd may outlive its k0s");
        }
        finally
        {
            await controller.SystemctlAsync("start", "k0scontroller");
            await ClusterSteps.WaitReadyAsync(controller);
        }
    }

    [GeneratedRegex("level=info msg=\"Successfully deleted\" peerID=[0-9a-f]+\n")]
    private static partial Regex SuccessfullyDeleted();
}
