using HaCluster.Hosts;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>Joins workers in parallel with one shared token, each waited on until its node is Ready.</summary>
public sealed class JoinWorkersPhase : Phase
{
    private readonly JoinTokens tokens = new();

    public override string Title => "Join workers";

    public override bool ShouldRun(RunContext context) => context.Workers.Any();

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var leader = context.State.Get<ClusterLeader>().Host;
        var joining = context.Workers.Where(w => !K0sService.IsJoined(w)).ToList();
        (string Id, string Token)? shared = null;
        if (joining.Count > 0 && !context.Options.DryRun)
        {
            shared = await tokens.CreateAsync(context, leader, "worker", cancellationToken);
        }
        try
        {
            await context.ForEachHostAsync(context.Workers, async (host, token) =>
            {
                if (!K0sService.IsJoined(host))
                {
                    await context.ChangeAsync(host, "join worker: install and start k0s worker, wait for node Ready", async t =>
                    {
                        await tokens.WriteAsync(shared!.Value.Id, shared.Value.Token, host, t);
                        await K0sService.InstallAndStartAsync(host, joining: true, t);
                        await WaitForNodeAsync(context, leader, host, t);
                        await tokens.DisarmAsync(shared.Value.Id, host, t);
                    }, token);
                }
                else if (K0sService.RestartReason(host, joining: true) is { } reason)
                {
                    await context.ChangeAsync(host, $"restart k0s worker ({reason})", async t =>
                    {
                        await K0sService.RestartAsync(host, joining: true, t);
                        await WaitForNodeAsync(context, leader, host, t);
                    }, token);
                }
            }, cancellationToken);
        }
        finally
        {
            if (shared is { } created)
            {
                await tokens.InvalidateAsync(created.Id, CancellationToken.None);
            }
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => tokens.InvalidateAllAsync(cancellationToken);

    private static Task WaitForNodeAsync(RunContext context, HostSession leader, HostSession host, CancellationToken cancellationToken)
    {
        var node = host.Facts.Get<HostFacts>().Hostname.ToLowerInvariant();
        return Waits.UntilAsync($"WaitForNodeReady {node}", context.Options.Timeout,
            t => ClusterProbes.NodeReadyAsync(leader, node, t), cancellationToken);
    }
}
