using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// A controller that is also a node (<c>--single</c>, like controller+worker) upgraded by hand: its own node reports
/// the running release once the service restarts on the new binary, and the restart keeps the node cordoned.
/// </summary>
public sealed class SingleNodeUpgradeTests(BareHosts hosts) : IClassFixture<BareHosts>
{
    [Fact]
    public async Task A_controller_node_restarted_on_a_new_binary_reports_its_release_and_stays_cordoned()
    {
        var host = hosts.Single;
        try
        {
            (await host.K0sAsync("kubectl", "cordon", host.Name)).StdOut.Should().Be($"node/{host.Name} cordoned\n");
            await UpgradeTests.SwapBinaryAsync(host, await StandInBuilds.PathOfAsync("v1.34.1+k0s.0"));
            (await KubeletVersionAsync(host)).Should().Be("v1.33.4+k0s");

            await UpgradeTests.RestartAsync(host, "k0scontroller", host, hasNode: true);

            var node = await UpgradeTests.Node(host, host.Name);
            node["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>().Should().Be("v1.34.1+k0s");
            node["spec"]!["unschedulable"]!.GetValue<bool>().Should().BeTrue("a kubelet starting on a new binary never touches the node's spec");
            JsonNode.Parse((await host.K0sAsync("status", "-o", "json")).ThrowIfFailed().StdOut)!["Version"]!.GetValue<string>().Should().Be("v1.34.1+k0s.0");
        }
        finally
        {
            await UpgradeTests.SwapBinaryAsync(host, await StandInBuilds.PathOfAsync("v1.33.4+k0s.0"));
            await UpgradeTests.RestartAsync(host, "k0scontroller", host, hasNode: true);
            (await host.K0sAsync("kubectl", "uncordon", host.Name)).ThrowIfFailed();
        }

        (await KubeletVersionAsync(host)).Should().Be("v1.33.4+k0s");
    }

    private static async Task<string> KubeletVersionAsync(K0sHost host) =>
        (await UpgradeTests.Node(host, host.Name))["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>();
}
