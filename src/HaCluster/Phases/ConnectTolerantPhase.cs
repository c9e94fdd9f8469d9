using HaCluster.Pipeline;
using HaCluster.Remote;
using Polly.Timeout;

namespace HaCluster.Phases;

/// <summary>
/// Connects to the hosts an operation needs, where some of them may be dead (a powered-off controller being ejected,
/// any host for status): those are marked <see cref="Unreachable"/> and reported instead of stopping the run.
/// Hosts the operation cannot do without still fail it, before anything is changed.
/// </summary>
public sealed class ConnectTolerantPhase(
    ITransport transport, Func<RunContext, IEnumerable<HostSession>> select, Func<HostSession, bool> mayBeDown) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(select(context), async (host, token) =>
        {
            try
            {
                host.Connection = await transport.ConnectAsync(host.Host, token);
            }
            catch (Exception error) when (IsUnreachable(error) && mayBeDown(host))
            {
                var reason = Reason(host, error);
                host.Facts.Set(new Unreachable(reason));
                context.Warn($"unreachable: {reason}", host);
            }
        }, cancellationToken);

    // RemoteException messages start with the host's name, which the event already carries.
    private static string Reason(HostSession host, Exception error) =>
        error is TimeoutRejectedException ? "no ssh connection within the connect deadline"
        : error.Message.StartsWith($"{host.Name}: ", StringComparison.Ordinal) ? error.Message[(host.Name.Length + 2)..]
        : error.Message;

    // Any failure to connect counts: for a host that may be down, the reason is reported instead.
    private static bool IsUnreachable(Exception error) => error is RemoteException or TimeoutRejectedException;
}
