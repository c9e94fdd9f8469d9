using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>Closes every connection, all hosts at once (each close waits on its own host); runs on every exit path.</summary>
public sealed class DisconnectPhase : Phase
{
    public override string Title => "Disconnect";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.WhenAll(context.Sessions.Select(host => host.DisconnectAsync().AsTask()));
}
