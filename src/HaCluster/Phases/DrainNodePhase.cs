using System.Globalization;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Cordons, drains and deletes the ejected controller's Kubernetes node, from a remaining controller. A plain
/// controller runs no kubelet and has no node; a dead one cannot be drained (its pods move once the node is deleted).
/// </summary>
public sealed class DrainNodePhase : Phase<EjectionPlan>
{
    public override string Title => "Drain and delete the Kubernetes node";

    public override async Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        if (target.NodeName is not { } node)
        {
            context.Info($"{target.Display}: hostname unknown, so no Kubernetes node to look for");
            return;
        }
        var op = target.Operator;
        var found = await op.ProbeAsync(K0sCommands.Kubectl("get", "node", node, "-o", "name"), cancellationToken);
        if (!found.Succeeded)
        {
            if (!found.Stderr.Contains("NotFound", StringComparison.Ordinal))
            {
                throw new HostException(op.Name, $"cannot tell whether Kubernetes node {node} exists: {found.Stderr.Trim()}");
            }
            context.Info($"no Kubernetes node {node} (a controller without a worker has none)");
            return;
        }

        if (target.IsReachable)
        {
            var timeout = string.Create(CultureInfo.InvariantCulture, $"--timeout={(int)context.Options.Timeout.TotalSeconds}s");
            await context.ChangeAsync(target.ReportedUnder, $"cordon and drain Kubernetes node {node}", async (writer, token) =>
            {
                await writer.On(op).RunAsync(K0sCommands.Kubectl("cordon", node), token);
                await writer.On(op).RunAsync(K0sCommands.Kubectl("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", timeout), token);
            }, cancellationToken);
        }
        else
        {
            context.Warn($"not draining Kubernetes node {node}: its host is unreachable; its pods are rescheduled once the node is deleted");
        }
        await context.ChangeAsync(target.ReportedUnder, $"delete Kubernetes node {node}",
            (writer, token) => writer.On(op).RunAsync(K0sCommands.Kubectl("delete", "node", node), token), cancellationToken);
    }
}
