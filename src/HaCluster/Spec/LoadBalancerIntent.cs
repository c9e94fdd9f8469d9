using System.Globalization;
using HaCluster.Spec.Validation;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec;

/// <summary>
/// The load balancer a config asks for, wherever it is written: hactl's spec.loadBalancer, or (as k0sctl
/// users write it) CPLB or api.externalAddress in the k0s ClusterConfig. Validators and the model builder share it.
/// </summary>
internal sealed record LoadBalancerIntent
{
    public string? Type { get; init; }
    public string? VirtualIP { get; init; }
    public string? AuthPass { get; init; }
    public int? VirtualRouterId { get; init; }
    public string? Interface { get; init; }
    public string? Address { get; init; }
    /// <summary>True when hactl's own spec.loadBalancer decides, so hactl sets the k0s externalAddress itself.</summary>
    public bool IsHactlManaged { get; init; }

    public const string CplbPath = "spec.network.controlPlaneLoadBalancing";

    public static LoadBalancerIntent Of(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.LoadBalancer is { } lb)
        {
            return new LoadBalancerIntent
            {
                Type = lb.Type,
                VirtualIP = lb.VirtualIP,
                AuthPass = lb.AuthPass,
                VirtualRouterId = lb.VirtualRouterID,
                Interface = lb.Interface,
                Address = lb.Address,
                IsHactlManaged = true,
            };
        }
        var config = new K0sConfigView(spec.K0s.Config, "");
        var cplb = config.Node(CplbPath);
        if (K0sConfigView.IsTrue(K0sConfigView.Child(cplb, "enabled")))
        {
            var instance = K0sConfigView.FirstItem(K0sConfigView.Child(K0sConfigView.Child(cplb, "keepalived"), "vrrpInstances"));
            return new LoadBalancerIntent
            {
                Type = LoadBalancerTypes.Cplb,
                VirtualIP = K0sConfigView.Text(K0sConfigView.FirstItem(K0sConfigView.Child(instance, "virtualIPs"))),
                AuthPass = K0sConfigView.Text(K0sConfigView.Child(instance, "authPass")),
                VirtualRouterId = int.TryParse(K0sConfigView.Text(K0sConfigView.Child(instance, "virtualRouterID")),
                    NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
                Interface = K0sConfigView.Text(K0sConfigView.Child(instance, "interface")),
            };
        }
        return config.Text("spec.api.externalAddress") is { } external
            ? new LoadBalancerIntent { Type = LoadBalancerTypes.External, Address = external }
            : new LoadBalancerIntent();
    }

    /// <summary>The address k0s will get as spec.api.externalAddress, when hactl or the user sets one.</summary>
    public string? ExternalAddress(ClusterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var written = new K0sConfigView(spec.K0s.Config, "").Text("spec.api.externalAddress");
        if (written is not null || !IsHactlManaged)
        {
            return written;
        }
        return Type == LoadBalancerTypes.External ? Address : VirtualIP?.Split('/')[0];
    }
}
