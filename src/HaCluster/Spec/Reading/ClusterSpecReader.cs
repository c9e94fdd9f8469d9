using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>
/// Turns config text into a <see cref="SpecDocument"/>: the Cluster document (hactl, k0sctl or cfctl) and
/// an optional separate k0s ClusterConfig document, as k0sctl allows. Reports every problem it can see.
/// </summary>
internal static class ClusterSpecReader
{
    public static SpecDocument? Read(string text, Func<string, string?> getVariable, List<SpecError> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var documents = YamlText.Parse(text, problems);
        if (problems.Count > 0)
        {
            return null;
        }
        var context = new ReadContext(new SourceMap(), getVariable);
        var document = ReadDocuments(documents, context);
        problems.AddRange(context.Problems);
        return document;
    }

    private static SpecDocument? ReadDocuments(IReadOnlyList<YamlDocument> documents, ReadContext context)
    {
        if (documents.Count == 0)
        {
            context.Error("", "the file is empty: expected a Cluster document with apiVersion, kind, metadata and spec");
            return null;
        }
        var clusters = documents.Where(d => !IsClusterConfig(d)).ToList();
        var clusterConfigs = documents.Where(IsClusterConfig).ToList();
        if (clusters.Count == 0)
        {
            context.Error("apiVersion", $"no Cluster document: the file needs apiVersion {ApiVersions.Hactl} and kind Cluster");
            return null;
        }
        foreach (var extra in clusters.Skip(1).Concat(clusterConfigs.Skip(1)))
        {
            var path = $"(document {documents.ToList().IndexOf(extra) + 1})";
            context.Map.Add(path, YamlNodes.Position(extra.RootNode));
            context.Error(path, "unexpected document: a file holds one Cluster and at most one k0s ClusterConfig");
        }
        var spec = ReadCluster(clusters[0].RootNode, context);
        if (spec is null || clusterConfigs.Count == 0)
        {
            return spec is null ? null : new SpecDocument(spec, context.Map);
        }
        return WithSeparateClusterConfig(spec, clusterConfigs[0].RootNode, context);
    }

    private static SpecDocument WithSeparateClusterConfig(ClusterSpec spec, YamlNode root, ReadContext context)
    {
        const string path = SpecDocument.SeparateK0sConfigPath;
        context.Map.Add(path, YamlNodes.Position(root));
        if (spec.K0s.Config is not null)
        {
            context.Error(path, $"the k0s ClusterConfig is given twice, in {SpecDocument.InlineK0sConfigPath} and as a separate document; keep one");
            return new SpecDocument(spec, context.Map);
        }
        var config = K0sSpecReader.ReadConfig(root, path, context);
        return new SpecDocument(spec with { K0s = spec.K0s with { Config = config } }, context.Map)
        {
            K0sConfigPath = path,
        };
    }

    private static bool IsClusterConfig(YamlDocument document) =>
        document.RootNode is YamlMappingNode root
        && root.Children.TryGetValue(new YamlScalarNode("apiVersion"), out var apiVersion)
        && apiVersion is YamlScalarNode { Value: ApiVersions.K0sClusterConfig };

    private static ClusterSpec? ReadCluster(YamlNode rootNode, ReadContext context)
    {
        context.Map.Add("", YamlNodes.Position(rootNode));
        var root = MappingReader.Open(rootNode, "", context);
        if (root is null)
        {
            context.Error("", "the file is empty: expected a Cluster document with apiVersion, kind, metadata and spec");
            return null;
        }
        var apiVersion = root.String("apiVersion");
        if (apiVersion is null || !ApiVersions.Cluster.Contains(apiVersion))
        {
            var written = apiVersion is null ? "apiVersion is required" : $"unknown apiVersion '{apiVersion}'";
            context.Error("apiVersion", $"{written}; expected {ApiVersions.Hactl} (or k0sctl's {ApiVersions.K0sctl}, cfctl's {ApiVersions.Cfctl})");
            return null;
        }
        return root.ReadAll(r => ReadClusterFields(r, apiVersion));
    }

    private static ClusterSpec ReadClusterFields(MappingReader root, string apiVersion)
    {
        var kind = root.String("kind");
        // k0sctl and cfctl accept the lower-case spelling too.
        var kindOk = kind == "Cluster" || (kind == "cluster" && apiVersion != ApiVersions.Hactl);
        if (!kindOk)
        {
            root.Context.Error("kind", kind is null ? "kind is required: Cluster" : $"unknown kind '{kind}'; expected Cluster");
        }
        var metadata = root.Mapping("metadata", m => new MetadataSpec
        {
            Name = m.String("name") ?? new MetadataSpec().Name,
            User = m.String("user"),
        });
        var spec = root.Child("spec");
        if (spec is null)
        {
            root.Context.Error("spec", "spec is required: it lists the hosts");
        }
        var cluster = spec?.ReadAll(s => ReadSpec(s, apiVersion)) ?? new ClusterSpec { ApiVersion = apiVersion, Kind = "" };
        return cluster with { ApiVersion = apiVersion, Kind = kind ?? "", Metadata = metadata ?? new MetadataSpec() };
    }

    private static ClusterSpec ReadSpec(MappingReader spec, string apiVersion)
    {
        var hosts = spec.Sequence("hosts", (node, path) => HostSpecReader.Read(node, path, spec.Context, apiVersion));
        if (!spec.Has("hosts"))
        {
            spec.Context.Error(spec.PathOf("hosts"), "hosts is required: list the machines of the cluster");
        }
        LoadBalancerSpec? loadBalancer = null;
        if (apiVersion == ApiVersions.Hactl)
        {
            loadBalancer = spec.Mapping("loadBalancer", LoadBalancerSpecReader.Read);
        }
        else if (spec.Has("loadBalancer"))
        {
            spec.Accept("loadBalancer");
            spec.Context.Error(spec.PathOf("loadBalancer"),
                $"loadBalancer needs apiVersion {ApiVersions.Hactl} (this file is {apiVersion})");
        }
        return new ClusterSpec
        {
            ApiVersion = apiVersion,
            Kind = "",
            Hosts = hosts,
            K0s = spec.Mapping("k0s", K0sSpecReader.Read) ?? new K0sSpec(),
            LoadBalancer = loadBalancer,
            Options = spec.Mapping("options", OptionsSpecReader.Read) ?? new OptionsSpec(),
        };
    }
}
