using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Opens one master connection a host, all hosts at once (or only the hosts an operation needs); with an opening,
/// runs the next phase's first command in the same round trip.
/// </summary>
public sealed class ConnectPhase(ITransport transport, Func<RunContext, IEnumerable<HostSession>>? select = null, IHostOpening? opening = null) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(select?.Invoke(context) ?? context.Sessions,
            (host, token) => ConnectAsync(transport, opening, context, host, token), cancellationToken);

    /// <summary>Connects a host, running the opening's command on the way when there is one.</summary>
    internal static async Task ConnectAsync(ITransport transport, IHostOpening? opening, RunContext context, HostSession host, CancellationToken cancellationToken)
    {
        if (opening is null)
        {
            await host.ConnectAsync(transport, cancellationToken);
            return;
        }
        opening.Answered(host, await host.ConnectAsync(transport, opening.CommandFor(context, host), cancellationToken));
    }
}
