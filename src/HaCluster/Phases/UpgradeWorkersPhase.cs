using System.Runtime.ExceptionServices;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Upgrades the running workers after the controllers, batch after batch (spec.options.concurrency.workerDisruptionPercent):
/// each host of a batch is cordoned and drained, restarted on the new binary, waited on until its node is Ready on the
/// new Kubernetes version, and uncordoned. The hosts of a batch all finish their turn; if any failed, no later batch starts.
/// </summary>
public sealed class UpgradeWorkersPhase(UpgradeTally tally) : Phase<LedCluster>
{
    public override string Title => "Upgrade workers";

    public override bool ShouldRun(RunContext context, LedCluster cluster) => cluster?.Upgrade.WorkerBatches.Count > 0;

    public override async Task RunAsync(RunContext context, LedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cluster);
        var leader = cluster.Leader.Host.Session;
        var batches = cluster.Upgrade.WorkerBatches;
        for (var b = 0; b < batches.Count; b++)
        {
            var label = $"worker batch {b + 1} of {batches.Count}";
            var failures = (await Task.WhenAll(batches[b].Select(upgrade => TurnAsync(context, upgrade, leader, label, cancellationToken))))
                .OfType<Exception>().ToList();
            cancellationToken.ThrowIfCancellationRequested();
            if (failures.Count > 0)
            {
                var left = batches.Skip(b + 1).SelectMany(batch => batch).Select(u => u.Name).ToList();
                if (left.Count > 0)
                {
                    context.Warn($"the upgrade stopped after {label}; not started: {string.Join(", ", left)}");
                }
                if (failures.Count == 1)
                {
                    ExceptionDispatchInfo.Throw(failures[0]);
                }
                throw new HostException(string.Join("; ", failures.Select(f => f.Message)));
            }
        }
    }

    // One host's turn; its failure is returned, so that the others of the batch still finish theirs.
    private async Task<Exception?> TurnAsync(RunContext context, HostUpgrade upgrade, HostSession leader, string label, CancellationToken cancellationToken)
    {
        try
        {
            await context.ChangeAsync(upgrade.Host.Session, $"{upgrade.Describe()} ({label})",
                new VersionChange(upgrade.From.ToString(), upgrade.To.ToString()),
                (writer, token) => RollingRestart.RunAsync(new RollingRestart.Turn(context, upgrade, leader,
                    (_, _) => Task.FromResult<RollingRestart.PutBack?>(null), _ => Task.CompletedTask), writer, token),
                cancellationToken);
            tally?.Add();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return e;
        }
    }
}
