using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Rendering;

/// <summary>Small operations on YamlDotNet's node tree: deep copy, lookup, and mapping creation along a path.</summary>
internal static class YamlTree
{
    /// <summary>A deep copy with the same scalar styles and tags; mappings and sequences come out in block style.</summary>
    public static YamlNode Clone(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag },
        YamlSequenceNode sequence => new YamlSequenceNode(sequence.Children.Select(Clone)) { Tag = sequence.Tag },
        YamlMappingNode mapping => Clone(mapping),
        _ => throw new NotSupportedException($"cannot copy a YAML {node.NodeType} node"),
    };

    public static YamlMappingNode Clone(YamlMappingNode mapping)
    {
        var copy = new YamlMappingNode { Tag = mapping.Tag };
        foreach (var (key, value) in mapping.Children)
        {
            copy.Add(Clone(key), Clone(value));
        }

        return copy;
    }

    /// <summary>The value under key, or null when absent or written as null (`key:` or `key: ~`).</summary>
    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    /// <summary>Sets key to value, in place when the key exists (its position is kept), else at the end.</summary>
    public static void Set(YamlMappingNode mapping, string key, YamlNode value) =>
        mapping.Children[new YamlScalarNode(key)] = value;

    /// <summary>The mapping under key, created when absent; an error naming the path when it is something else.</summary>
    public static YamlMappingNode Mapping(YamlMappingNode parent, string key, string parentPath)
    {
        switch (Get(parent, key))
        {
            case null:
                var created = new YamlMappingNode();
                Set(parent, key, created);
                return created;
            case YamlMappingNode existing:
                return existing;
            default:
                throw new InvalidOperationException($"{parentPath}.{key} must be a mapping");
        }
    }

    /// <summary>The text of a scalar value, or null when absent; an error naming the path when it is not a scalar.</summary>
    public static string? Scalar(YamlMappingNode parent, string key, string parentPath) => Get(parent, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidOperationException($"{parentPath}.{key} must be a single value"),
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
