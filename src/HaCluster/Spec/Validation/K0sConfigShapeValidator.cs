using HaCluster.Spec.Reading;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Validation;

/// <summary>
/// The shape of the parts of the user's k0s ClusterConfig that hactl reads or merges into: a mapping where hactl
/// adds keys, a list where it appends, a single value where it compares. Other validators read these parts leniently
/// (a list where a value belongs reads as absent), so this one runs before them and says what is wrong.
/// </summary>
internal sealed class K0sConfigShapeValidator : ISpecValidator
{
    private enum Shape
    {
        Mapping,
        List,
        Value,
    }

    private const string Cplb = LoadBalancerIntent.CplbPath;
    private const string Instances = $"{Cplb}.keepalived.vrrpInstances";
    private const string Servers = $"{Cplb}.keepalived.virtualServers";

    // A path segment ending in [] stands for every item of that list.
    private static readonly (string Path, Shape Shape)[] Rules =
    [
        ("apiVersion", Shape.Value),
        ("kind", Shape.Value),
        ("metadata", Shape.Mapping),
        ("metadata.name", Shape.Value),
        ("spec", Shape.Mapping),
        ("spec.api", Shape.Mapping),
        ("spec.api.address", Shape.Value),
        ("spec.api.externalAddress", Shape.Value),
        ("spec.api.port", Shape.Value),
        ("spec.api.k0sApiPort", Shape.Value),
        ("spec.api.sans", Shape.List),
        ("spec.api.sans[]", Shape.Value),
        ("spec.konnectivity", Shape.Mapping),
        ("spec.konnectivity.agentPort", Shape.Value),
        ("spec.konnectivity.adminPort", Shape.Value),
        ("spec.storage", Shape.Mapping),
        ("spec.storage.type", Shape.Value),
        ("spec.storage.etcd", Shape.Mapping),
        ("spec.storage.etcd.externalCluster", Shape.Mapping),
        ("spec.storage.kine", Shape.Mapping),
        ("spec.storage.kine.dataSource", Shape.Value),
        ("spec.network", Shape.Mapping),
        ("spec.network.nodeLocalLoadBalancing", Shape.Mapping),
        ("spec.network.nodeLocalLoadBalancing.enabled", Shape.Value),
        (Cplb, Shape.Mapping),
        ($"{Cplb}.enabled", Shape.Value),
        ($"{Cplb}.type", Shape.Value),
        ($"{Cplb}.keepalived", Shape.Mapping),
        (Instances, Shape.List),
        ($"{Instances}[]", Shape.Mapping),
        ($"{Instances}[].virtualIPs", Shape.List),
        ($"{Instances}[].virtualIPs[]", Shape.Value),
        ($"{Instances}[].authPass", Shape.Value),
        ($"{Instances}[].interface", Shape.Value),
        ($"{Instances}[].virtualRouterID", Shape.Value),
        ($"{Instances}[].advertIntervalSeconds", Shape.Value),
        ($"{Instances}[].unicastSourceIP", Shape.Value),
        ($"{Instances}[].unicastPeers", Shape.List),
        ($"{Instances}[].unicastPeers[]", Shape.Value),
        (Servers, Shape.List),
        ($"{Servers}[]", Shape.Mapping),
        ($"{Servers}[].ipAddress", Shape.Value),
        ($"{Servers}[].lbAlgo", Shape.Value),
        ($"{Servers}[].lbKind", Shape.Value),
        ($"{Servers}[].persistenceTimeoutSeconds", Shape.Value),
        ($"{Servers}[].delayLoop", Shape.Value),
    ];

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.K0sConfig;
        if (config.Root is not { } root)
        {
            return;
        }
        foreach (var (path, shape) in Rules)
        {
            foreach (var (node, concretePath) in Resolve(root, path))
            {
                if (ShapeOf(node) != shape)
                {
                    context.Error(config.PathOf(concretePath), $"expected {Expected(shape)}, not a {YamlNodes.Describe(node)}");
                }
            }
        }
    }

    /// <summary>Every node the path reaches, with its concrete path (list items numbered); absent and null ones are skipped.</summary>
    private static List<(YamlNode Node, string Path)> Resolve(YamlNode root, string path)
    {
        IEnumerable<(YamlNode Node, string Path)> reached = [(root, "")];
        foreach (var segment in path.Split('.'))
        {
            var key = segment.TrimEnd('[', ']');
            reached = reached
                .Select(r => (Node: K0sConfigView.Child(r.Node, key), Path: YamlNodes.Child(r.Path, key)))
                .Where(r => r.Node is not null)
                .Select(r => (r.Node!, r.Path));
            if (segment.EndsWith("[]", StringComparison.Ordinal))
            {
                reached = reached.SelectMany(r => K0sConfigView.Items(r.Node).Select((item, i) => (item, YamlNodes.Item(r.Path, i))));
            }
        }
        return reached.Where(r => !YamlNodes.IsNull(r.Node)).ToList();
    }

    private static Shape ShapeOf(YamlNode node) => node switch
    {
        YamlMappingNode => Shape.Mapping,
        YamlSequenceNode => Shape.List,
        _ => Shape.Value,
    };

    private static string Expected(Shape shape) => shape switch
    {
        Shape.Mapping => "a mapping",
        Shape.List => "a list",
        _ => "a single value",
    };
}
