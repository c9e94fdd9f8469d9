using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// reset on the load balancer hosts: stops and disables HAProxy and keepalived where hactl configured them, and
/// removes the files hactl wrote (recognised by their managed-by-hactl header) and its sysctl file. The packages stay.
/// </summary>
public sealed class ResetLoadBalancerPhase : Phase<GatheredCluster>
{
    // The header is the first line, or the second after a script's #! line.
    private const string ManagedScript = """
        header=$1; shift
        for f in "$@"; do
          if [ -f "$f" ] && head -n 2 "$f" | grep -qxF -- "$header"; then printf '%s\n' "$f"; fi
        done
        true
        """;

    private static readonly (string Unit, string Config)[] Services =
        [(LoadBalancerServices.Haproxy, ManagedFiles.HaproxyConfig.Path), (LoadBalancerServices.Keepalived, ManagedFiles.KeepalivedConfig.Path)];

    public override string Title => "Reset load balancer";

    public override bool ShouldRun(RunContext context, GatheredCluster cluster) => cluster.LoadBalancers.Any();

    public override Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(cluster.LoadBalancers, async (gathered, token) =>
        {
            var (host, facts) = (gathered.Session, gathered.Facts);
            var managed = (await host.QueryAsync(RemoteCommand.Script("find hactl's files", ManagedScript,
                    [ManagedFiles.Header, ManagedFiles.HaproxyConfig.Path, ManagedFiles.KeepalivedConfig.Path, ManagedFiles.KeepalivedCheckScript.Path]), token))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var units = Services.Where(s => managed.Contains(s.Config) || facts.IsActive(s.Unit)).Select(s => $"{s.Unit}.service").ToArray();
            if (units.Length > 0)
            {
                await context.ChangeAsync(host, $"stop and disable {string.Join(' ', units)}",
                    (w, t) => w.RunAsync(RemoteCommand.Exec("systemctl", ["disable", "--now", .. units]), t), token);
            }
            var left = await HostLeftovers.ExistingAsync(host, [LoadBalancerSetup.SysctlFile], token);
            string[] files = [.. managed, .. left];
            if (files.Length > 0)
            {
                await context.ChangeAsync(host, $"remove {string.Join(' ', files)}",
                    (w, t) => w.RunAsync(RemoteCommand.Exec("rm", ["-f", "--", .. files]), t), token);
            }
        }, cancellationToken);
}
