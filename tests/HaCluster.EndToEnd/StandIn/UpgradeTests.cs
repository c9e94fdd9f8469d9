using System.Globalization;
using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// A k0s upgrade done by hand on the stand-in cluster, as k0sctl does it: the binary swapped atomically beside the
/// running one, then the service restarted. <c>k0s version</c> follows the file on disk at once; <c>k0s status</c>,
/// the node's kubeletVersion and the API's /version follow the running process, so only the restart changes them.
/// Each test puts the default release back before it ends.
/// </summary>
[Collection(SharedStandInCluster.Name)]
public sealed class UpgradeTests(StandInCluster cluster)
{
    private const string Old = "v1.33.4+k0s.0";
    private const string New = "v1.34.1+k0s.0";

    [Fact]
    public async Task A_worker_swapped_to_a_new_binary_reports_it_in_version_at_once_and_in_status_and_its_node_after_the_restart()
    {
        var worker = cluster.Worker;
        var binary = await StandInBuilds.PathOfAsync(New);
        try
        {
            // k0sctl's order: cordon, drain, swap, restart, wait for Ready, uncordon.
            (await cluster.First.K0sAsync("kubectl", "cordon", worker.Name)).ThrowIfFailed();
            await SwapBinaryAsync(worker, binary);

            (await worker.K0sAsync("version")).StdOut.Should().Be(New + "\n");
            (await RunningVersionAsync(worker)).Should().Be(Old);
            (await KubeletVersionAsync(cluster.Controllers[1], worker.Name)).Should().Be("v1.33.4+k0s");

            await RestartAsync(worker, "k0sworker", cluster.First);

            (await RunningVersionAsync(worker)).Should().Be(New);
            (await KubeletVersionAsync(cluster.Controllers[1], worker.Name)).Should().Be("v1.34.1+k0s");
            (await Node(cluster.Controllers[2], worker.Name))["spec"]!["unschedulable"]!.GetValue<bool>()
                .Should().BeTrue("a kubelet starting on a new binary updates its status, never the node's spec");
            (await cluster.First.K0sAsync("kubectl", "get", "nodes")).StdOut.Should()
                .MatchRegex($"\n{worker.Name} +Ready,SchedulingDisabled +<none> +\\S+ +v1\\.34\\.1\\+k0s\n");
        }
        finally
        {
            await SwapBinaryAsync(worker, await StandInBuilds.PathOfAsync(Old));
            await RestartAsync(worker, "k0sworker", cluster.First);
            (await cluster.First.K0sAsync("kubectl", "uncordon", worker.Name)).ThrowIfFailed();
        }

        (await KubeletVersionAsync(cluster.First, worker.Name)).Should().Be("v1.33.4+k0s");
    }

    [Fact]
    public async Task A_controller_swapped_to_a_new_binary_serves_the_new_API_version_only_after_the_restart()
    {
        var controller = cluster.Controllers[2];
        var binary = await StandInBuilds.PathOfAsync(New);
        try
        {
            await SwapBinaryAsync(controller, binary);

            (await controller.K0sAsync("version")).StdOut.Should().Be(New + "\n");
            (await RunningVersionAsync(controller)).Should().Be(Old);
            (await ApiVersionAsync(controller)).Should().Be("v1.33.4+k0s");

            await RestartAsync(controller, "k0scontroller", controller);

            (await RunningVersionAsync(controller)).Should().Be(New);
            var version = JsonNode.Parse((await controller.K0sAsync("kubectl", "get", "--raw=/version")).ThrowIfFailed().StdOut)!;
            version["gitVersion"]!.GetValue<string>().Should().Be("v1.34.1+k0s");
            version["minor"]!.GetValue<string>().Should().Be("34");
            (await ApiVersionAsync(cluster.First)).Should().Be("v1.33.4+k0s", "the other controllers still run the old release");
        }
        finally
        {
            await SwapBinaryAsync(controller, await StandInBuilds.PathOfAsync(Old));
            await RestartAsync(controller, "k0scontroller", controller);
        }

        (await RunningVersionAsync(controller)).Should().Be(Old);
    }

    /// <summary>As k0sctl swaps it: the new file beside the live one, mode 0750, renamed over it.</summary>
    internal static Task SwapBinaryAsync(K0sHost host, string artifact) => host.InstallBinaryAsync(artifact);

    /// <summary>Restarts the service and waits until the new process answers on its status socket, a controller's
    /// /readyz is ok, and a node (a worker, or a controller with <paramref name="hasNode"/>) has posted its own Ready
    /// status (a Ready condition that became true after the restart) as <paramref name="controller"/> serves it.</summary>
    internal static async Task RestartAsync(K0sHost host, string service, K0sHost controller, bool hasNode = false)
    {
        var pid = await RunningPidAsync(host);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await host.SystemctlAsync("restart", service);
        await Poll.UntilAsync($"{host} to run a new k0s process", ClusterSteps.JoinTimeout, () => RunningPidAsync(host), now => now is { } p && p != pid);
        if (service == "k0scontroller")
        {
            await ClusterSteps.WaitReadyAsync(host);
        }

        if (service == "k0sworker" || hasNode)
        {
            await Poll.UntilAsync($"node {host.Name} to be Ready since its restart", ClusterSteps.JoinTimeout,
                () => ReadySinceAsync(controller, host.Name), ready => ready is { } t && t >= since);
        }
    }

    private static async Task<DateTimeOffset?> ReadySinceAsync(K0sHost controller, string node)
    {
        var ready = (await Node(controller, node))["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
        return ready?["status"]?.GetValue<string>() == "True"
            ? DateTimeOffset.Parse(ready["lastTransitionTime"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : null;
    }

    private static async Task<string?> RunningVersionAsync(K0sHost host) =>
        await StatusAsync(host) is { } status ? status["Version"]?.GetValue<string>() : null;

    private static async Task<int?> RunningPidAsync(K0sHost host) =>
        await StatusAsync(host) is { } status ? status["Pid"]?.GetValue<int>() : null;

    private static async Task<JsonNode?> StatusAsync(K0sHost host)
    {
        var result = await host.K0sAsync("status", "-o", "json");
        return result.Succeeded ? JsonNode.Parse(result.StdOut) : null;
    }

    private static async Task<string> ApiVersionAsync(K0sHost controller) =>
        JsonNode.Parse((await controller.K0sAsync("kubectl", "get", "--raw=/version")).ThrowIfFailed().StdOut)!["gitVersion"]!.GetValue<string>();

    private static async Task<string> KubeletVersionAsync(K0sHost controller, string node) =>
        (await Node(controller, node))["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>();

    internal static async Task<JsonNode> Node(K0sHost controller, string node) =>
        JsonNode.Parse((await controller.K0sAsync("kubectl", "get", "node", node, "-o", "json")).ThrowIfFailed().StdOut)!;
}
