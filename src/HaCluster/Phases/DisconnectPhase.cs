using HaCluster.Pipeline;

namespace HaCluster.Phases;

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
