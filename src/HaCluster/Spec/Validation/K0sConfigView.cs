using HaCluster.Spec.Reading;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Validation;

/// <summary>Read-only lookups into the user's k0s ClusterConfig, with the YAML path of each value for messages.</summary>
internal sealed class K0sConfigView(YamlMappingNode? root, string rootPath)
{
    public bool IsPresent => root is not null;

    public YamlMappingNode? Root => root;

    public string PathOf(string dottedPath) => YamlNodes.Child(rootPath, dottedPath);

    /// <summary>The node at a dotted path such as <c>spec.api.port</c>, or null.</summary>
    public YamlNode? Node(string dottedPath)
    {
        YamlNode? node = root;
        foreach (var key in dottedPath.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return node is null || YamlNodes.IsNull(node) ? null : node;
    }

    public static string? Text(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public string? Text(string dottedPath) => Text(Node(dottedPath));

    public static bool IsTrue(YamlNode? node) => Text(node)?.ToLowerInvariant() is "true" or "yes" or "on";

    public static IReadOnlyList<YamlNode> Items(YamlNode? node) =>
        node is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static YamlNode? FirstItem(YamlNode? node) => Items(node) is [var first, ..] ? first : null;

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child)
            && !YamlNodes.IsNull(child) ? child : null;
}
