using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Opens one master connection a host, all hosts at once (or only the hosts an operation needs).</summary>
public sealed class ConnectPhase(ITransport transport, Func<RunContext, IEnumerable<HostSession>>? select = null) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(select?.Invoke(context) ?? context.Sessions,
            (host, token) => host.ConnectAsync(transport, token), cancellationToken);
}
