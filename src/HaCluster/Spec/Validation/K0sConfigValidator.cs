using System.Globalization;
using HaCluster.K0s;
using YamlDotNet.RepresentationModel;
using static HaCluster.Spec.Validation.K0sConfigView;

namespace HaCluster.Spec.Validation;

/// <summary>spec.k0s: the version, and the parts of the user's ClusterConfig that must agree with the load balancer.</summary>
internal sealed class K0sConfigValidator : ISpecValidator
{
    private static readonly string[] VersionChannels = ["stable", "latest"];
    private static readonly string[] ConfigKinds = [ApiVersions.ClusterConfigKind, "Cluster"];

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckVersion(context, context.Spec.K0s);
        var config = context.K0sConfig;
        if (!config.IsPresent)
        {
            return;
        }
        if (config.Text("apiVersion") is { } apiVersion && apiVersion != ApiVersions.K0sClusterConfig)
        {
            context.Error(config.PathOf("apiVersion"), $"unknown apiVersion '{apiVersion}'; expected {ApiVersions.K0sClusterConfig}");
        }
        if (config.Text("kind") is { } kind && !ConfigKinds.Contains(kind))
        {
            context.Error(config.PathOf("kind"), $"unknown kind '{kind}'; expected {ApiVersions.ClusterConfigKind}");
        }
        CheckApi(context, config);
        CheckExternalAddress(context, config);
    }

    private static void CheckVersion(ValidationContext context, K0sSpec k0s)
    {
        var version = K0sVersion.Parse(k0s.Version);
        if (k0s.Version is not null && version is null)
        {
            context.Error("spec.k0s.version", $"'{k0s.Version}' is not a k0s version: write vMAJOR.MINOR.PATCH+k0s.N, e.g. v1.33.4+k0s.0 (the v optional)");
        }
        if (k0s.VersionChannel is { } channel && !VersionChannels.Contains(channel))
        {
            context.Error("spec.k0s.versionChannel", $"unknown versionChannel '{channel}' (expected stable or latest)");
        }
        if (k0s.DynamicConfig && version is not null && version < K0sVersion.DynamicConfig)
        {
            context.Error("spec.k0s.dynamicConfig", $"dynamicConfig needs k0s {K0sVersion.DynamicConfig.Core} or later");
        }
    }

    private static void CheckApi(ValidationContext context, K0sConfigView config)
    {
        foreach (var field in new[] { "spec.api.port", "spec.api.k0sApiPort", "spec.konnectivity.agentPort", "spec.konnectivity.adminPort" })
        {
            if (config.Text(field) is { } text
                && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || !Addresses.IsPort(port)))
            {
                context.Error(config.PathOf(field), $"'{text}' is not a port (1-{Addresses.MaxPort})");
            }
        }
        if (config.Text("spec.api.address") is { } address && !Addresses.IsIP(address))
        {
            context.Error(config.PathOf("spec.api.address"), $"'{address}' is not an IP address");
        }
        var sans = Items(config.Node("spec.api.sans"));
        for (var i = 0; i < sans.Count; i++)
        {
            if (Text(sans[i]) is not { } san || !Addresses.IsIPOrHostName(san))
            {
                context.Error(config.PathOf($"spec.api.sans[{i}]"), $"'{Text(sans[i])}' is not an IP address or DNS name");
            }
        }
    }

    /// <summary>hactl sets externalAddress from spec.loadBalancer; a different one written by hand would split the cluster's view.</summary>
    private static void CheckExternalAddress(ValidationContext context, K0sConfigView config)
    {
        var path = config.PathOf("spec.api.externalAddress");
        var written = config.Text("spec.api.externalAddress");
        if (written is not null && !Addresses.IsIPOrHostName(written))
        {
            context.Error(path, $"'{written}' is not an IP address or DNS name");
        }
        var intent = LoadBalancerIntent.Of(context.Spec);
        if (written is not null && intent.IsHactlManaged)
        {
            var expected = intent.Type == LoadBalancerTypes.External ? intent.Address : intent.VirtualIP?.Split('/')[0];
            var source = intent.Type == LoadBalancerTypes.External ? "spec.loadBalancer.address" : "spec.loadBalancer.virtualIP";
            if (expected is not null && !string.Equals(written, expected, StringComparison.OrdinalIgnoreCase))
            {
                context.Error(path, $"is {written} but {source} is {expected}; hactl sets it from {source}, so remove it");
            }
        }
        var nodeLocal = config.Node("spec.network.nodeLocalLoadBalancing.enabled");
        if (IsTrue(nodeLocal) && intent.ExternalAddress(context.Spec) is not null)
        {
            context.Error(config.PathOf("spec.network.nodeLocalLoadBalancing.enabled"),
                "node-local load balancing cannot be used with an external address (spec.api.externalAddress or a load balancer)");
        }
    }
}
