using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Checks that a TCP port answers, asked from a host (the LB may not be reachable from this machine).</summary>
internal static class LoadBalancerProbe
{
    private const string Script = "exec 3<>\"/dev/tcp/$1/$2\"";

    public static async Task<bool> AnswersAsync(HostSession from, string address, int port, CancellationToken cancellationToken)
    {
        // bash, not sh: /dev/tcp is bash's; present on every supported OS.
        var result = await from.ProbeAsync(
            RemoteCommand.Exec("timeout", "5", "bash", "-c", Script, "hactl", address, port.ToString()) with { AsRoot = false }, cancellationToken);
        return result.Succeeded;
    }
}
