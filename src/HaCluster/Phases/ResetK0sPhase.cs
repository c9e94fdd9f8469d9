using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>reset: takes k0s off every k0s host at once (<see cref="K0sCleanUp"/>), binary included.</summary>
public sealed class ResetK0sPhase : Phase
{
    public override string Title => "Reset k0s";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Sessions.Where(s => s.Host.Role != HostRole.LoadBalancer),
            (host, token) => K0sCleanUp.RunAsync(context, host, removeBinary: true, token), cancellationToken);
}
