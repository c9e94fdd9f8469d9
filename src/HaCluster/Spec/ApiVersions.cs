namespace HaCluster.Spec;

/// <summary>The apiVersions a config file may declare.</summary>
public static class ApiVersions
{
    /// <summary>hactl's own schema: k0sctl's plus the load balancer.</summary>
    public const string Hactl = "hactl.dev/v1beta1";
    public const string K0sctl = "k0sctl.k0sproject.io/v1beta1";
    public const string Cfctl = "cfctl.clusterfactory.io/v1beta1";
    /// <summary>A separate k0s ClusterConfig document in the same file.</summary>
    public const string K0sClusterConfig = "k0s.k0sproject.io/v1beta1";
    public const string ClusterConfigKind = "ClusterConfig";

    public static readonly IReadOnlyList<string> Cluster = [Hactl, K0sctl, Cfctl];
}
