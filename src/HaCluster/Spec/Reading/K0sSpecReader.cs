using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>Reads spec.k0s: the k0s version and the user's ClusterConfig (kept as YAML).</summary>
internal static class K0sSpecReader
{
    public static K0sSpec Read(MappingReader k0s) => new()
    {
        // k0sctl takes 1.33.4+k0s.0 for v1.33.4+k0s.0; the release apply downloads is named with the v.
        Version = K0s.K0sVersion.WithLeadingV(k0s.String("version")),
        VersionChannel = k0s.String("versionChannel"),
        DynamicConfig = k0s.Bool("dynamicConfig") ?? false,
        Config = ReadConfig(k0s.Node("config"), k0s.PathOf("config"), k0s.Context),
    };

    /// <summary>A ClusterConfig mapping, copied after substitution; anything else is reported.</summary>
    public static YamlMappingNode? ReadConfig(YamlNode? node, string path, ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlMappingNode)
        {
            context.Error(path, $"expected a k0s ClusterConfig mapping, not a {YamlNodes.Describe(node)}");
            return null;
        }
        return (YamlMappingNode)YamlCopy.Copy(node, path, context);
    }
}
