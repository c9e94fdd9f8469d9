using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>Small facts about YAML nodes and paths that every reader needs.</summary>
internal static class YamlNodes
{
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    public static SourcePosition Position(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Item(string path, int index) => $"{path}[{index}]";
}
