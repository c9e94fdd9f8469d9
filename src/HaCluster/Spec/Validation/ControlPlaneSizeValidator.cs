namespace HaCluster.Spec.Validation;

/// <summary>Warnings about availability: etcd needs an odd number of controllers, at least three, behind a load balancer.</summary>
internal sealed class ControlPlaneSizeValidator : ISpecValidator
{
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var controllers = context.Controllers.ToList();
        if (controllers.Count == 0 || controllers.Any(c => c.Host.Role == Roles.Single))
        {
            return;
        }
        if (controllers.Count < 3)
        {
            context.Warning("spec.hosts",
                $"{Count(controllers.Count)}: the control plane survives no controller failure; use 3 for high availability");
        }
        else if (controllers.Count % 2 == 0)
        {
            context.Warning("spec.hosts",
                $"{Count(controllers.Count)}: an even number tolerates no more failures than {controllers.Count - 1}; use an odd number");
        }
        if (controllers.Count > 1 && LoadBalancerIntent.Of(context.Spec).Type is null)
        {
            context.Warning("spec.hosts",
                $"{Count(controllers.Count)} but no load balancer: clients and workers use {controllers[0].Path}'s address, " +
                "so the API is not highly available; add spec.loadBalancer (or spec.k0s.config.spec.api.externalAddress)");
        }
    }

    private static string Count(int controllers) => controllers == 1 ? "1 controller" : $"{controllers} controllers";
}
