using System.Text.Json.Nodes;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The manual steps of the k0s HA guide, as an operator runs them on each host: write k0s.yaml, install the
/// service, start it, create a token on the first controller for each joining node, wait until it has joined.
/// </summary>
internal static class ClusterSteps
{
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(90);
    public const string ConfigPath = "/etc/k0s/k0s.yaml";
    public const string TokenPath = "/etc/k0s/k0stoken";

    public static async Task StartFirstControllerAsync(K0sHost host, string k0sYaml, params string[] extraFlags)
    {
        await host.WriteFileAsync(ConfigPath, k0sYaml);
        (await host.K0sAsync(["install", "controller", $"--config={ConfigPath}", .. extraFlags])).ThrowIfFailed();
        await host.SystemctlAsync("start", "k0scontroller");
        await WaitReadyAsync(host);
    }

    public static async Task JoinControllerAsync(K0sHost first, K0sHost joining, string k0sYaml)
    {
        var members = (await MembersAsync(first)).Count;
        await joining.WriteFileAsync(ConfigPath, k0sYaml);
        await joining.WriteFileAsync(TokenPath, await CreateTokenAsync(first, "controller"));
        (await joining.K0sAsync("install", "controller", $"--config={ConfigPath}", $"--token-file={TokenPath}")).ThrowIfFailed();
        await joining.SystemctlAsync("start", "k0scontroller");
        await Poll.UntilAsync($"{joining} to be a started etcd member", JoinTimeout,
            () => MembersAsync(first), now => now.Count == members + 1 && now.ContainsKey(joining.Name));
        await WaitReadyAsync(joining);
    }

    public static async Task JoinWorkerAsync(K0sHost first, K0sHost worker)
    {
        await worker.WriteFileAsync(TokenPath, await CreateTokenAsync(first, "worker"));
        (await worker.K0sAsync("install", "worker", $"--token-file={TokenPath}")).ThrowIfFailed();
        await worker.SystemctlAsync("start", "k0sworker");
        await WaitNodeReadyAsync(first, worker.Name);
    }

    public static async Task<string> CreateTokenAsync(K0sHost controller, string role) =>
        (await controller.K0sAsync("token", "create", $"--role={role}", "--expiry=30m0s")).ThrowIfFailed().StdOut.Trim();

    public static Task WaitReadyAsync(K0sHost controller) =>
        Poll.UntilAsync($"{controller} to answer ok on /readyz", JoinTimeout,
            () => controller.K0sAsync("kubectl", "get", "--raw=/readyz"), readyz => readyz.StdOut.Trim() == "ok");

    public static Task WaitNodeReadyAsync(K0sHost controller, string node, string status = "True") =>
        Poll.UntilAsync($"node {node} to have Ready={status} on {controller}", JoinTimeout,
            () => NodeReadyStatusAsync(controller, node), ready => ready == status);

    public static async Task<string?> NodeReadyStatusAsync(K0sHost controller, string node)
    {
        var result = await controller.K0sAsync("kubectl", "get", "node", node, "-o", "json");
        if (!result.Succeeded)
        {
            return null;
        }

        return JsonNode.Parse(result.StdOut)?["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready")?["status"]?.GetValue<string>();
    }

    /// <summary><c>k0s etcd member-list</c> as name → peer URL (bounded: it blocks while etcd is down).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> MembersAsync(K0sHost controller)
    {
        var result = await controller.K0sWithin(TimeSpan.FromSeconds(10), "etcd", "member-list");
        return result.Succeeded
            ? JsonNode.Parse(result.StdOut)!["members"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>())
            : new Dictionary<string, string>();
    }

    /// <summary>Stops the service and wipes the node (data, unit); /etc/k0s stays, as k0s reset leaves it.</summary>
    public static async Task StopAndResetAsync(K0sHost host, string service)
    {
        await host.SystemctlAsync("stop", service);
        (await host.K0sAsync("reset")).ThrowIfFailed();
    }
}
