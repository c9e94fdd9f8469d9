using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>
/// YAML merge keys (<c>&lt;&lt;: *anchor</c>), which k0sctl's Go YAML library honours: the merged mappings'
/// fields come first, and fields written beside the merge key win over them.
/// </summary>
internal static class YamlMerge
{
    public const string Key = "<<";

    public static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Children(YamlMappingNode mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var written = mapping.Children.Where(c => !IsMergeKey(c.Key)).ToList();
        var writtenNames = written.Select(c => (c.Key as YamlScalarNode)?.Value).ToHashSet(StringComparer.Ordinal);
        var merged = mapping.Children.Where(c => IsMergeKey(c.Key))
            .SelectMany(c => c.Value switch
            {
                YamlMappingNode source => [source],
                YamlSequenceNode sources => sources.Children.OfType<YamlMappingNode>(),
                _ => [],
            })
            .SelectMany(Children)
            .Where(c => !writtenNames.Contains((c.Key as YamlScalarNode)?.Value))
            .DistinctBy(c => (c.Key as YamlScalarNode)?.Value);
        return merged.Concat(written);
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Value: Key };
}
