using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Joins workers in parallel with one shared token, each waited on until its node is Ready: all of them through one
/// poll of the leader's API (<see cref="NodeReadyPoll"/>), one request a tick however many join. Each worker first waits
/// for its k0s binary, installed behind the controller phases (<see cref="WorkerBinaries"/>).
/// </summary>
public sealed class JoinWorkersPhase(WorkerBinaries workerBinaries) : Phase<LedCluster>
{
    private readonly JoinTokens tokens = new();

    public override string Title => "Join workers";

    public override bool ShouldRun(RunContext context, LedCluster cluster) => cluster.Workers.Any();

    public override async Task RunAsync(RunContext context, LedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var leader = cluster.Leader.Host.Session;
        // The shared token is made by the first join that needs it, so a run that joins no worker (or a dry run) makes none.
        using var shared = new SharedToken(tokens, context, leader);
        await using var readiness = NodeReadyPoll.On(leader, cancellationToken);
        try
        {
            await context.ForEachHostAsync(cluster.Workers, async (host, token) =>
            {
                await workerBinaries.ReadyAsync(host, token);
                if (!K0sService.IsJoined(host))
                {
                    await context.ChangeAsync(host.Session, "join worker: install and start k0s worker, wait for node Ready", async (writer, t) =>
                    {
                        var (id, secret) = await shared.GetAsync(writer, t);
                        await tokens.WriteAsync(id, secret, host.Session, writer, t);
                        await K0sService.InstallAndStartAsync(host, writer, joining: true, t);
                        await WaitForNodeAsync(context, readiness, host, t);
                        await tokens.DisarmAsync(id, host.Session, t);
                    }, token);
                }
                else if (K0sService.RestartReason(host, joining: true) is { } reason)
                {
                    await context.ChangeAsync(host.Session, $"restart k0s worker ({reason})", async (writer, t) =>
                    {
                        await K0sService.RestartAsync(host, writer, joining: true, t);
                        await WaitForNodeAsync(context, readiness, host, t);
                    }, token);
                }
            }, cancellationToken);
        }
        finally
        {
            if (shared.Created is { } created)
            {
                await tokens.InvalidateAsync(created.Id, CancellationToken.None);
            }
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => tokens.InvalidateAllAsync(cancellationToken);

    private static async Task WaitForNodeAsync(RunContext context, NodeReadyPoll readiness, GatheredHost host, CancellationToken cancellationToken)
    {
        try
        {
            await readiness.WaitAsync(host.Facts.Hostname.ToLowerInvariant(), context.Options.Timeout, cancellationToken);
        }
        catch (TimeoutException timeout)
        {
            throw new HostException(host.Name, timeout.Message);
        }
    }

    /// <summary>The workers' one token, created on the leader by whichever join asks first.</summary>
    private sealed class SharedToken(JoinTokens tokens, RunContext context, HostSession leader) : IDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);

        public (string Id, string Token)? Created { get; private set; }

        public async Task<(string Id, string Token)> GetAsync(HostWriter writer, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                Created ??= await tokens.CreateAsync(context, writer.On(leader), "worker", cancellationToken);
                return Created.Value;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose() => gate.Dispose();
    }
}
