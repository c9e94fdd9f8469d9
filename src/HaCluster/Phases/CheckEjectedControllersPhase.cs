using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// apply and the record of ejected controllers (<see cref="EjectionRecords"/>): a controller of the config that was
/// ejected is refused, not silently joined back; a record whose host has left the config is forgotten, so that adding
/// the host back later joins it as a new controller.
/// </summary>
public sealed class CheckEjectedControllersPhase : Phase<GatheredCluster>
{
    public override string Title => "Check ejected controllers";

    public override bool ShouldRun(RunContext context, GatheredCluster cluster) => Holders(cluster).Any();

    public override async Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        var controllers = cluster.Controllers.ToDictionary(c => c.Host.PrivateAddress, StringComparer.Ordinal);
        var back = Holders(cluster).SelectMany(h => h.Facts.EjectedControllers)
            .Where(r => controllers.ContainsKey(r.Address))
            .GroupBy(r => r.Address, StringComparer.Ordinal)
            .Select(g => (Host: controllers[g.Key], Record: g.First()))
            .ToList();
        if (back.Count > 0)
        {
            throw new RefusedException(string.Join("; ", back.Select(b =>
                $"{b.Host.Name} ({b.Host.Host.Path}) was ejected by `hactl eject-controller` on {b.Record.EjectedAt:yyyy-MM-dd HH:mm} UTC")) +
                ". apply does not join an ejected controller back silently: remove it from the config and run apply (that clears the record); "
                + "to bring it back, add it again afterwards and run apply, which joins it as a new controller");
        }
        // No record names a controller of the config any more: every one left is for a host that is gone from it.
        await context.ForEachHostAsync(Holders(cluster).Select(h => h.Session), (host, token) =>
            context.ChangeAsync(host, $"forget ejected controller {string.Join(", ", cluster[host].Facts.EjectedControllers)} (no longer in the config)",
                (w, t) => w.RunAsync(RemoteCommand.Exec("rm", "-f", "--", EjectionRecords.Path), t), token),
            cancellationToken);
    }

    private static IEnumerable<GatheredHost> Holders(GatheredCluster cluster) =>
        cluster.Controllers.Where(c => c.Facts.EjectedControllers.Count > 0);
}
