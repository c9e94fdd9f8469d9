using System.Text.Json;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// One host's turn in a rolling k0s upgrade, shared by the controller and worker phases: out of service (cordoned and
/// drained if it runs workloads, and whatever <paramref name="takeOut"/> does), stopped, swapped onto the new binary,
/// started, checked by <paramref name="gate"/>, back in service. Whatever was taken out is put back on every exit
/// path, Ctrl-C included: a stopped k0s is started, a cordon made here is lifted.
/// </summary>
internal static class RollingRestart
{
    // The clean-up after a failure or Ctrl-C runs on its own clock: the run's token may be cancelled already.
    private static readonly TimeSpan UndoBudget = TimeSpan.FromSeconds(60);

    /// <param name="KubectlOn">The controller that cordons, drains and watches the node (not the host itself, which stops).</param>
    /// <param name="TakeOut">Takes the host out of rotation before it stops; returns how to put it back, or null.</param>
    /// <param name="Gate">What must hold, after the start, before the host goes back into service.</param>
    public sealed record Turn(
        RunContext Context,
        HostUpgrade Upgrade,
        HostSession KubectlOn,
        Func<HostWriter, CancellationToken, Task<PutBack?>> TakeOut,
        Func<CancellationToken, Task> Gate);

    /// <summary>Putting a host back into rotation, and (on the way forward only) waiting until it is serving there.</summary>
    public sealed record PutBack(Func<HostWriter, CancellationToken, Task> Restore, Func<CancellationToken, Task> Confirm);

    public static async Task RunAsync(Turn turn, HostWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(writer);
        var (context, upgrade, kubectlOn) = (turn.Context, turn.Upgrade, turn.KubectlOn);
        var host = upgrade.Host;
        var unit = K0sCommands.UnitName(host.Host);
        var node = host.Host.RunsWorkloads ? host.Facts.Hostname.ToLowerInvariant() : null;
        var undo = new Stack<Func<CancellationToken, Task>>();
        try
        {
            if (node is not null && Drains(context) && !await NodeCordon.IsCordonedAsync(kubectlOn, node, cancellationToken))
            {
                undo.Push(t => NodeCordon.UncordonAsync(writer.On(kubectlOn), node, t));
                await NodeCordon.CordonAsync(writer.On(kubectlOn), node, cancellationToken);
                await NodeCordon.DrainAsync(writer.On(kubectlOn), node, context.Cluster.Options.Drain, cancellationToken);
            }
            var putBack = await turn.TakeOut(writer, cancellationToken);
            if (putBack is not null)
            {
                undo.Push(t => putBack.Restore(writer, t));
            }
            // Armed before the stop: a stop cut off by Ctrl-C still completes on the host.
            undo.Push(t => writer.RunAsync(RemoteCommand.Exec("systemctl", "start", unit), t));
            if (!upgrade.Finish)
            {
                await writer.RunAsync(RemoteCommand.Exec("systemctl", "stop", unit), cancellationToken);
            }
            await K0sBinary.SwapAsync(writer, upgrade.To, stagedSha256: null, cancellationToken);
            if (K0sService.FlagsChanged(host, joining: true))
            {
                await writer.RunAsync(K0sCommands.Install(host.Host, joining: true, force: true), cancellationToken);
            }
            await writer.RunAsync(RemoteCommand.Exec("systemctl", "start", unit), cancellationToken);
            undo.Pop();
            host.Changed.RestartedOntoChanges();

            await turn.Gate(cancellationToken);
            if (node is not null)
            {
                await WaitForNodeAsync(context, kubectlOn, node, upgrade.To, cancellationToken);
            }
            if (putBack is not null)
            {
                await undo.Pop()(cancellationToken);
                await putBack.Confirm(cancellationToken);
            }
            while (undo.TryPop(out var step))
            {
                await step(cancellationToken);
            }
        }
        finally
        {
            await UndoAsync(context, host, undo);
        }
    }

    private static bool Drains(RunContext context) => context.Cluster.Options.Drain.Enabled && !context.Options.NoDrain;

    private static async Task UndoAsync(RunContext context, GatheredHost host, Stack<Func<CancellationToken, Task>> undo)
    {
        using var budget = new CancellationTokenSource(UndoBudget);
        while (undo.TryPop(out var step))
        {
            try
            {
                await step(budget.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                context.Warn($"could not undo a step of the upgrade: {e.Message}", host.Session);
            }
        }
    }

    /// <summary>The node is Ready and its kubelet reports the new Kubernetes version: the new k0s registered it.</summary>
    public static Task WaitForNodeAsync(RunContext context, HostSession kubectlOn, string node, K0sVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Waits.UntilAsync($"WaitForNodeReady {node} on {version.Kubernetes}", context.Options.Timeout, async token =>
        {
            var result = await kubectlOn.ProbeAsync(K0sCommands.Kubectl("get", "node", node, "-o", "json"), token);
            return result.Succeeded && ReadyOn(result.Stdout, version);
        }, cancellationToken);
    }

    private static bool ReadyOn(string nodeJson, K0sVersion version)
    {
        using var document = JsonDocument.Parse(nodeJson);
        if (!document.RootElement.TryGetProperty("status", out var status))
        {
            return false;
        }
        var kubelet = status.TryGetProperty("nodeInfo", out var info) && info.TryGetProperty("kubeletVersion", out var v) ? v.GetString() ?? "" : "";
        var ready = status.TryGetProperty("conditions", out var conditions)
            && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
        return ready && (kubelet == version.Kubernetes || kubelet.StartsWith(version.Kubernetes + "+", StringComparison.Ordinal));
    }
}
