using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Opens one master connection a host, all hosts at once (or only the hosts an operation needs).</summary>
public sealed class ConnectPhase(ITransport transport, Func<RunContext, IEnumerable<HostSession>>? select = null) : Phase
{
    public override string Title => "Connect to hosts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(select?.Invoke(context) ?? context.Sessions, async (host, token) =>
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

/// <summary>Connects to the first of the candidates that answers, for operations that need one controller only.</summary>
public sealed class ConnectFirstReachablePhase(ITransport transport, Func<RunContext, IEnumerable<HostSession>> candidates) : Phase
{
    public override string Title => "Connect to a controller";

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var host in candidates(context))
        {
            try
            {
                host.Connection = await transport.ConnectAsync(host.Host, cancellationToken);
                return;
            }
            catch (RemoteException error) when (error.Failure != RemoteFailure.CommandFailed)
            {
                failures.Add(error.Message);
                context.Warn(error.Message, host);
            }
        }
        throw new HostException(string.Join("; ", failures.Prepend("no controller could be reached")));
    }
}
