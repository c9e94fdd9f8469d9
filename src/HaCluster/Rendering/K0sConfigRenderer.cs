using HaCluster.Model;
using HaCluster.Spec.Validation;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Rendering;

/// <summary>
/// /etc/k0s/k0s.yaml for one controller: the user's ClusterConfig (copied, never changed) with what HA needs merged
/// in. Keys the user wrote keep their place; keys hactl adds go after them.
/// </summary>
/// <remarks>
/// spec.api.externalAddress is the load balancer's client address for every LB type, CPLB included, so join tokens
/// and worker kubeconfigs point at the VIP rather than at whichever controller made them. k0s accepts CPLB with
/// externalAddress (with keepalived virtualServers only from k0s 1.32) and then needs its endpoint-reconciler off,
/// which newer k0s does by itself. externalAddress is left out when the user enables node-local load balancing,
/// which k0s refuses together with it. See docs/load-balancer.md.
/// </remarks>
internal static class K0sConfigRenderer
{
    private const string ConfigPath = "spec.k0s.config";
    private const string DefaultApiVersion = "k0s.k0sproject.io/v1beta1";
    private const string DefaultKind = "ClusterConfig";

    public static string Render(ClusterModel cluster, HostModel controller)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(controller);
        if (!controller.IsController)
        {
            throw new ArgumentException($"{controller.Path} is not a controller", nameof(controller));
        }

        var root = Base(cluster);
        var spec = YamlTree.Mapping(root, "spec", ConfigPath);
        MergeApi(cluster, controller, spec);
        MergeStorage(controller, spec);
        if (cluster.LoadBalancer.Type == LoadBalancerType.Cplb)
        {
            MergeControlPlaneLoadBalancing(cluster, controller, spec);
        }

        return ManagedFiles.Header + "\n" + YamlText.Serialize(root);
    }

    /// <summary>apiVersion, kind and metadata first (added when missing), then the user's keys in their order.</summary>
    private static YamlMappingNode Base(ClusterModel cluster)
    {
        var user = cluster.K0s.Config is { } config ? YamlTree.Clone(config) : new YamlMappingNode();
        var metadata = YamlTree.Mapping(user, "metadata", ConfigPath);
        if (YamlTree.Scalar(metadata, "name", $"{ConfigPath}.metadata") is null)
        {
            YamlTree.Set(metadata, "name", YamlScalars.String(cluster.Name));
        }

        var root = new YamlMappingNode
        {
            { "apiVersion", YamlTree.Get(user, "apiVersion") ?? YamlScalars.String(DefaultApiVersion) },
            { "kind", YamlTree.Get(user, "kind") ?? YamlScalars.String(DefaultKind) },
            { "metadata", metadata },
        };
        foreach (var (key, value) in user.Children)
        {
            if (key is not YamlScalarNode { Value: "apiVersion" or "kind" or "metadata" })
            {
                root.Add(key, value);
            }
        }

        return root;
    }

    private static void MergeApi(ClusterModel cluster, HostModel controller, YamlMappingNode spec)
    {
        const string path = $"{ConfigPath}.spec.api";
        var api = YamlTree.Mapping(spec, "api", $"{ConfigPath}.spec");
        // Per controller, as k0sctl does: each apiserver advertises its own address.
        YamlTree.Set(api, "address", YamlScalars.String(controller.PrivateAddress));
        if (ExternalAddress(cluster, spec) is { } external)
        {
            YamlTree.Set(api, "externalAddress", YamlScalars.String(external));
        }

        YamlTree.Set(api, "sans", Sans(cluster, api, path));
    }

    /// <summary>The LB's client address; null (the user's value, if any, stays) without an LB or with NLLB.</summary>
    private static string? ExternalAddress(ClusterModel cluster, YamlMappingNode spec)
    {
        if (cluster.LoadBalancer.Type == LoadBalancerType.None || NodeLocalLoadBalancingEnabled(spec))
        {
            return null;
        }

        return cluster.LoadBalancer.ClientAddress;
    }

    // The validator's reading of a YAML boolean (yes and on count, as for k0s), so both agree on when NLLB is on.
    private static bool NodeLocalLoadBalancingEnabled(YamlMappingNode spec) =>
        YamlTree.Get(spec, "network") is YamlMappingNode network
        && YamlTree.Get(network, "nodeLocalLoadBalancing") is YamlMappingNode nllb
        && K0sConfigView.IsTrue(YamlTree.Get(nllb, "enabled"));

    /// <summary>The user's sans first, then the LB address, then every controller's address; each once.</summary>
    private static YamlSequenceNode Sans(ClusterModel cluster, YamlMappingNode api, string path)
    {
        var user = YamlTree.Get(api, "sans") switch
        {
            null => [],
            YamlSequenceNode sequence => sequence.Children.Select(entry => entry is YamlScalarNode { Value: { } value }
                ? value
                : throw new InvalidOperationException($"{path}.sans must be a list of addresses")),
            _ => throw new InvalidOperationException($"{path}.sans must be a list of addresses"),
        };
        var lbAddress = cluster.LoadBalancer.Type == LoadBalancerType.None ? null : cluster.LoadBalancer.ClientAddress;
        var ours = new[] { lbAddress }.Concat(cluster.Controllers.Select(c => c.PrivateAddress)).OfType<string>();
        return new YamlSequenceNode(user.Concat(ours).Distinct(StringComparer.Ordinal).Select(YamlScalars.String));
    }

    private static void MergeStorage(HostModel controller, YamlMappingNode spec)
    {
        const string path = $"{ConfigPath}.spec.storage";
        var storage = YamlTree.Mapping(spec, "storage", $"{ConfigPath}.spec");
        if (YamlTree.Scalar(storage, "type", path) is null or "etcd")
        {
            var etcd = YamlTree.Mapping(storage, "etcd", path);
            YamlTree.Set(etcd, "peerAddress", YamlScalars.String(controller.PrivateAddress));
        }
    }

    /// <summary>k0s's own keepalived holds the VIP; a block the user wrote is kept as it is.</summary>
    private static void MergeControlPlaneLoadBalancing(ClusterModel cluster, HostModel controller, YamlMappingNode spec)
    {
        var network = YamlTree.Mapping(spec, "network", $"{ConfigPath}.spec");
        if (YamlTree.Get(network, "controlPlaneLoadBalancing") is null)
        {
            YamlTree.Set(network, "controlPlaneLoadBalancing", CplbBlock.For(cluster, controller));
        }
    }
}
