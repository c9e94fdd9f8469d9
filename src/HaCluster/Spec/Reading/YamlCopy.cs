using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>
/// A deep copy of a YAML subtree with <c>${VAR}</c> substituted in every value, recording each path's
/// position on the way; used for the k0s ClusterConfig, which hactl passes on rather than models.
/// </summary>
internal static class YamlCopy
{
    public static YamlNode Copy(YamlNode node, string path, ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        switch (node)
        {
            case YamlMappingNode mapping:
                var copy = new YamlMappingNode { Style = mapping.Style };
                foreach (var (key, value) in YamlMerge.Children(mapping))
                {
                    // k0s reads the config as JSON, whose keys are strings; a list as a key has no meaning there.
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        context.Error(path, YamlNodes.Position(key), "field names must be plain text");
                        continue;
                    }
                    var childPath = YamlNodes.Child(path, name);
                    // YAML tells `a` from `!!str a`; k0s does not.
                    if (copy.Children.ContainsKey(new YamlScalarNode(name)))
                    {
                        context.Error(childPath, YamlNodes.Position(key), $"field '{name}' is given twice");
                        continue;
                    }
                    context.Map.Add(childPath, YamlNodes.Position(value is YamlScalarNode ? value : key));
                    copy.Add(new YamlScalarNode(name), Copy(value, childPath, context));
                }
                return copy;
            case YamlSequenceNode sequence:
                var items = new YamlSequenceNode { Style = sequence.Style };
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var itemPath = YamlNodes.Item(path, i);
                    context.Map.Add(itemPath, YamlNodes.Position(sequence.Children[i]));
                    items.Add(Copy(sequence.Children[i], itemPath, context));
                }
                return items;
            case YamlScalarNode scalar:
                var text = scalar.Value is null ? null : context.Substitute(scalar.Value, path);
                return new YamlScalarNode(text) { Style = scalar.Style, Tag = scalar.Tag };
            default:
                throw new ArgumentException($"unexpected YAML node {node.GetType().Name} at {path}", nameof(node));
        }
    }
}
