using YamlDotNet.Serialization;

namespace HaCluster.Rendering;

internal static class YamlText
{
    // Nodes serialize themselves with their own styles; the serializer adds an implicit document (no `---`/`...`).
    private static readonly ISerializer Serializer = new SerializerBuilder().WithNewLine("\n").Build();

    /// <summary>One document, block style, two-space indent, no anchors, \n line endings.</summary>
    public static string Serialize(YamlDotNet.RepresentationModel.YamlNode root) => Serializer.Serialize(root);
}
