using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Stops and resets k0s on the ejected host and removes the CNI directories, once it is out of etcd and the load
/// balancer. A dead host cannot be cleaned: that is reported as skipped, and the ejection still counts.
/// </summary>
public sealed class ResetEjectedNodePhase : Phase<EjectionPlan>
{
    private const string Steps = "stop k0s, `k0s reset`, remove /etc/cni and /opt/cni";

    public override string Title => "Reset k0s on the ejected host";

    public override Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        switch (target.Session)
        {
            case { IsConnected: true } host:
                return K0sCleanUp.RunAsync(context, plan[host], removeBinary: false, cancellationToken);
            case { } host:
                context.Warn($"on-host clean-up skipped: the host is unreachable ({Steps}: do it on the machine if it comes back, or reinstall it)", host);
                break;
            case null when target.Member is not null:
                context.Warn($"on-host clean-up of {target.Display} skipped: its host is not in the config, so hactl cannot reach it ({Steps})");
                break;
            default:
                context.Info($"{target.Display} is not in the config: nothing to clean up on it");
                break;
        }
        return Task.CompletedTask;
    }
}
