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

    // An opening already sent may take the host's lock: when the run is cancelled (Ctrl-C, or another host failed the
    // phase) it still gets this long to answer, so its host ends up connected and the closing phase releases the lock,
    // instead of the ssh being killed between taking the lock and reporting it.
    internal static readonly TimeSpan OpeningGrace = TimeSpan.FromSeconds(10);

    /// <summary>Connects a host, running the opening's command on the way when there is one.</summary>
    internal static async Task ConnectAsync(ITransport transport, IHostOpening? opening, RunContext context, HostSession host, CancellationToken cancellationToken)
    {
        if (opening is null)
        {
            await host.ConnectAsync(transport, cancellationToken);
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var command = opening.CommandFor(context, host);
        using var graced = new CancellationTokenSource();
        await using var cut = cancellationToken.Register(() => graced.CancelAfter(OpeningGrace));
        opening.Answered(host, command, await host.ConnectAsync(transport, command, graced.Token));
    }
}
