using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Connects to the hosts an operation needs, where some of them may be dead (a powered-off controller being ejected,
/// any host for status): those are marked unreachable (<see cref="HostSession.UnreachableReason"/>) and reported
/// instead of stopping the run. Hosts the operation cannot do without still fail it, before anything is changed.
/// </summary>
public sealed class ConnectTolerantPhase(
    ITransport transport, Func<RunContext, IEnumerable<HostSession>> select, Func<HostSession, bool> mayBeDown, IHostOpening? opening = null) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(select(context), async (host, token) =>
        {
            try
            {
                await ConnectPhase.ConnectAsync(transport, opening, context, host, token);
            }
            // Any failure to connect counts (the transport says why): for a host that may be down, the reason is reported instead.
            catch (RemoteException error) when (mayBeDown(host))
            {
                var reason = Reason(host, error);
                host.MarkUnreachable(reason);
                context.Warn($"unreachable: {reason}", host);
            }
        }, cancellationToken);

    // RemoteException messages start with the host's name, which the event already carries.
    private static string Reason(HostSession host, RemoteException error) =>
        error.Message.StartsWith($"{host.Name}: ", StringComparison.Ordinal) ? error.Message[(host.Name.Length + 2)..] : error.Message;
}
