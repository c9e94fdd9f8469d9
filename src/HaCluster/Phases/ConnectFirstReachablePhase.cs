using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

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
                await host.ConnectAsync(transport, cancellationToken);
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
