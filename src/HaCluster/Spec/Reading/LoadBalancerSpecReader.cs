namespace HaCluster.Spec.Reading;

/// <summary>Reads hactl's spec.loadBalancer.</summary>
internal static class LoadBalancerSpecReader
{
    public static LoadBalancerSpec Read(MappingReader lb)
    {
        var type = lb.String("type");
        if (type is null)
        {
            lb.Context.Error(lb.PathOf("type"), $"type is required: {string.Join(", ", LoadBalancerTypes.All)}");
        }
        var defaults = new LoadBalancerPortsSpec();
        return new LoadBalancerSpec
        {
            Type = type ?? "",
            VirtualIP = lb.String("virtualIP"),
            VirtualRouterID = lb.Int("virtualRouterID"),
            AuthPass = lb.String("authPass"),
            Interface = lb.String("interface"),
            Address = lb.String("address"),
            Ports = lb.Mapping("ports", ports => new LoadBalancerPortsSpec
            {
                Api = ports.Int("api") ?? defaults.Api,
                Konnectivity = ports.Int("konnectivity") ?? defaults.Konnectivity,
                ControllerJoin = ports.Int("controllerJoin") ?? defaults.ControllerJoin,
            }) ?? defaults,
            Stats = lb.Mapping("stats", stats => new StatsSpec
            {
                Port = stats.Int("port") ?? new StatsSpec().Port,
                Bind = stats.String("bind"),
            }),
            Unicast = lb.Bool("unicast") ?? false,
        };
    }
}
