using YamlDotNet.RepresentationModel;

namespace HaCluster.EndToEnd.Lab;

/// <summary>Just enough YAML reading for tests to check what the lab wrote into cluster.yaml.</summary>
public sealed class YamlFile(YamlMappingNode root)
{
    public static YamlFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new YamlFile((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The scalar at a dotted path such as <c>spec.loadBalancer.type</c>; null when absent.</summary>
    public string? Scalar(string path) => (Find(root, path) as YamlScalarNode)?.Value;

    /// <summary>The mappings of the sequence at a dotted path (e.g. <c>spec.hosts</c>).</summary>
    public IReadOnlyList<YamlFile> Items(string path) =>
        Find(root, path) is YamlSequenceNode sequence ? sequence.Children.Cast<YamlMappingNode>().Select(m => new YamlFile(m)).ToList() : [];

    private static YamlNode? Find(YamlNode node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }
}
