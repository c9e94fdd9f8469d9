using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Checks what only the hosts can tell: unique hostnames, root, addresses present, clocks in step.</summary>
public sealed class ValidateHostsPhase : Phase<GatheredCluster>
{
    // etcd and TLS tolerate little skew; beyond this, certificates look not-yet-valid and elections misbehave.
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    public override string Title => "Validate hosts";

    public override Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var now = DateTimeOffset.UtcNow;
        foreach (var duplicate in cluster.Hosts.GroupBy(h => h.Facts.Hostname.ToLowerInvariant()).Where(g => g.Count() > 1))
        {
            problems.Add($"hosts {string.Join(", ", duplicate.Select(h => h.Name))} share the hostname \"{duplicate.Key}\" (node and etcd member names must be unique)");
        }
        foreach (var host in cluster.Hosts)
        {
            var facts = host.Facts;
            if (facts.Uid != 0)
            {
                problems.Add($"{host.Name}: commands run as uid {facts.Uid}, not root: log in as root or give the user passwordless sudo");
            }
            if (facts.FindAddress(host.Host.PrivateAddress) is null && host.Host.Role != Model.HostRole.LoadBalancer
                && facts.Addresses.Count > 0 && !host.Host.Connection.IsLocalhost)
            {
                problems.Add($"{host.Name}: no interface holds the private address {host.Host.PrivateAddress} (have {string.Join(", ", facts.Addresses.Select(a => a.Address))})");
            }
            var skew = (facts.Clock - now).Duration();
            if (skew > MaxClockSkew)
            {
                problems.Add($"{host.Name}: clock differs from this machine's by {skew.TotalSeconds:0} s (at most {MaxClockSkew.TotalSeconds:0} s): sync it with NTP");
            }
        }
        return problems.Count == 0
            ? Task.CompletedTask
            : throw new HostException(string.Join("; ", problems.Count == 1 ? problems : ["", .. problems]).TrimStart(';', ' '));
    }
}
