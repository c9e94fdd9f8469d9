using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Opens one master connection a host, all hosts at once.</summary>
public sealed class ConnectPhase(ITransport transport) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Sessions, async (host, token) =>
        {
            host.Connection = await transport.ConnectAsync(host.Host, token);
        }, cancellationToken);
}

/// <summary>Closes every connection; runs on every exit path.</summary>
public sealed class DisconnectPhase : Phase
{
    public override string Title => "Disconnect";

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        foreach (var host in context.Sessions)
        {
            await host.DisconnectAsync();
        }
    }
}
