using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// apply and the record of ejected controllers (<see cref="EjectionRecords"/>): a controller of the config that was
/// ejected is refused, not silently joined back; a record whose host has left the config is forgotten, so that adding
/// the host back later joins it as a new controller.
/// </summary>
public sealed class CheckEjectedControllersPhase : Phase
{
    public override string Title => "Check ejected controllers";

    public override bool ShouldRun(RunContext context) => Holders(context).Any();

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var controllers = context.Controllers.ToDictionary(c => c.Host.PrivateAddress, StringComparer.Ordinal);
        var back = Holders(context).SelectMany(h => Records(h))
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
        await context.ForEachHostAsync(Holders(context), (host, token) =>
            context.ChangeAsync(host, $"forget ejected controller {string.Join(", ", Records(host))} (no longer in the config)",
                t => host.QueryAsync(RemoteCommand.Exec("rm", "-f", "--", EjectionRecords.Path), t), token),
            cancellationToken);
    }

    private static IEnumerable<HostSession> Holders(RunContext context) =>
        context.Controllers.Where(c => c.IsConnected && Records(c).Count > 0);

    private static IReadOnlyList<EjectedController> Records(HostSession host) =>
        host.Facts.TryGet<HostFacts>()?.EjectedControllers ?? [];
}
