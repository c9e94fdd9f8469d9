using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Picks the controller `hactl backup` runs `k0s backup` on: the first, in config order, whose k0s is running, whose
/// etcd member is healthy (<see cref="EtcdProbe"/>, asked once) and whose own API answers /readyz. k0s snapshots the
/// local member, so a member that lags, has no leader or is cut off would give an old or no snapshot. Controllers
/// passed over are reported with the reason; ejected ones are not candidates. Changes nothing.
/// </summary>
public sealed class ChooseBackupControllerPhase : Phase<GatheredCluster, BackupSource>
{
    public override string Title => "Choose a healthy controller";

    public override async Task<BackupSource> RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cluster);
        var ejected = cluster.Controllers.SelectMany(c => c.Facts.EjectedControllers).Select(r => r.Address).ToHashSet(StringComparer.Ordinal);
        var reasons = new List<string>();
        foreach (var session in context.Controllers.Where(c => !c.IsConnected && !ejected.Contains(c.Host.PrivateAddress)))
        {
            reasons.Add($"{session.Name}: unreachable");
        }
        var running = new List<GatheredHost>();
        foreach (var controller in cluster.Controllers.Where(c => !ejected.Contains(c.Host.PrivateAddress)))
        {
            var unit = K0sCommands.UnitName(controller.Host);
            if (controller.Facts.IsActive(unit))
            {
                running.Add(controller);
            }
            else
            {
                Skip(context, controller, reasons, $"k0s is not running ({unit} is {controller.Facts.ServiceStates.GetValueOrDefault(unit, "missing")})");
            }
        }
        if (running.Count == 0)
        {
            throw new HostException(Nothing(reasons.Count == 0 ? ["the config has no controller"] : reasons));
        }

        var failures = new List<string>();
        var etcd = await EtcdProbe.ReadFromFirstAsync(running.Select(c => c.Session), failures, cancellationToken);
        if (etcd is not { Health: var health })
        {
            throw new HostException(Nothing([.. reasons, .. failures]));
        }
        foreach (var controller in running)
        {
            var member = health.FindByPeerUrl(ClusterProbes.PeerUrl(controller.Host));
            var problem = member is null ? $"it is not an etcd member (asked on {health.AskedOn})"
                : !member.Healthy ? $"its etcd member is unhealthy: {member.Problem}"
                : !await ClusterProbes.LocalApiReadyAsync(controller.Session, cancellationToken) ? "its API is not ready (/readyz)"
                : null;
            if (problem is null)
            {
                context.Info($"taking the backup on {controller.Name}: k0s running, API ready, etcd member {member!.Member.DisplayName} healthy", controller.Session);
                return new BackupSource(controller);
            }
            Skip(context, controller, reasons, problem);
        }
        throw new HostException(Nothing(reasons));
    }

    private static void Skip(RunContext context, GatheredHost controller, List<string> reasons, string reason)
    {
        reasons.Add($"{controller.Name}: {reason}");
        context.Warn($"not used for the backup: {reason}", controller.Session);
    }

    private static string Nothing(IEnumerable<string> reasons) =>
        $"no healthy running controller to take the backup on ({string.Join("; ", reasons)})";
}
