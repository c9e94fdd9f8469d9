using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>What phases ask a running cluster, through k0s's own commands on a controller.</summary>
internal static class ClusterProbes
{
    /// <summary>/readyz of the API at the address (the LB or VIP), asked from a controller with its admin credentials.</summary>
    public static async Task<bool> ApiReadyAsync(HostSession controller, string address, int port, CancellationToken cancellationToken)
    {
        var result = await controller.ProbeAsync(
            K0sCommands.Kubectl($"--server=https://{Bracket(address)}:{port}", "--request-timeout=5s", "get", "--raw=/readyz"), cancellationToken);
        return result.Succeeded && result.Stdout.Trim() == "ok";
    }

    /// <summary>/readyz of the controller's own API.</summary>
    public static async Task<bool> LocalApiReadyAsync(HostSession controller, CancellationToken cancellationToken)
    {
        var result = await controller.ProbeAsync(K0sCommands.Kubectl("--request-timeout=5s", "get", "--raw=/readyz"), cancellationToken);
        return result.Succeeded && result.Stdout.Trim() == "ok";
    }

    public static Task WaitForApiThroughLoadBalancerAsync(RunContext context, HostSession controller, CancellationToken cancellationToken) =>
        Waits.UntilAsync("WaitForApiReady", context.Options.Timeout,
            token => ApiReadyAsync(controller, context.Cluster.ApiAddress, context.Cluster.LoadBalancer.ApiPort, token), cancellationToken);

    public static Task WaitForLocalApiAsync(RunContext context, HostSession controller, CancellationToken cancellationToken) =>
        Waits.UntilAsync($"WaitForApiReady on {controller.Name}", context.Options.Timeout,
            token => LocalApiReadyAsync(controller, token), cancellationToken);

    public static async Task<IReadOnlyDictionary<string, string>> EtcdMembersAsync(HostSession controller, CancellationToken cancellationToken) =>
        K0sOutput.ParseMemberList(await controller.QueryAsync(K0sCommands.EtcdMemberList(), cancellationToken));

    public static string PeerUrl(HostModel controller) => $"https://{Bracket(controller.PrivateAddress)}:2380";

    private static string Bracket(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
}
