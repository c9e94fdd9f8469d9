namespace HaCluster.Spec;

/// <summary>A config file as read: the spec, where each YAML path stands, and where the k0s ClusterConfig came from.</summary>
public sealed record SpecDocument(ClusterSpec Spec, SourceMap Map)
{
    /// <summary>Path prefix of the k0s ClusterConfig: spec.k0s.config, or ClusterConfig for a separate document.</summary>
    public string K0sConfigPath { get; init; } = InlineK0sConfigPath;

    public const string InlineK0sConfigPath = "spec.k0s.config";
    public const string SeparateK0sConfigPath = "ClusterConfig";
}
