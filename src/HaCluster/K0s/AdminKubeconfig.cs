using YamlDotNet.RepresentationModel;

namespace HaCluster.K0s;

/// <summary>
/// Turns `k0s kubeconfig admin` output into the kubeconfig a user keeps: the server is the load balancer (or the
/// address they chose), and cluster, context and user are named after the cluster instead of k0s's generic names.
/// </summary>
public static class AdminKubeconfig
{
    public static string Rewrite(string k0sOutput, string clusterName, string server)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(k0sOutput))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var entry in Items(root, "clusters"))
        {
            entry.Children[new YamlScalarNode("name")] = new YamlScalarNode(clusterName);
            ((YamlMappingNode)entry.Children[new YamlScalarNode("cluster")]).Children[new YamlScalarNode("server")] = new YamlScalarNode(server);
        }
        foreach (var entry in Items(root, "users"))
        {
            entry.Children[new YamlScalarNode("name")] = new YamlScalarNode(clusterName);
        }
        foreach (var entry in Items(root, "contexts"))
        {
            entry.Children[new YamlScalarNode("name")] = new YamlScalarNode(clusterName);
            var context = (YamlMappingNode)entry.Children[new YamlScalarNode("context")];
            context.Children[new YamlScalarNode("cluster")] = new YamlScalarNode(clusterName);
            context.Children[new YamlScalarNode("user")] = new YamlScalarNode(clusterName);
        }
        root.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(clusterName);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends documents with "...": kubectl accepts it, people find it odd.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    public static string ServerUrl(string address, int port) =>
        $"https://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}:{port}";

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlMappingNode>()
            : [];
}
