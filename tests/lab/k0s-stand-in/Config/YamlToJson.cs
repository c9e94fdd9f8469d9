using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace K0sStandIn.Config;

/// <summary>
/// Converts a YAML document to JSON the way k0s does (sigs.k8s.io/yaml: YAML first, then strict JSON decoding),
/// remembering the line of every JSON path so decoding errors can say where they are.
/// </summary>
internal static partial class YamlToJson
{
    public static (JsonNode? Root, IReadOnlyDictionary<string, int> Lines) Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"error converting YAML to JSON: yaml: line {e.Start.Line}: {Innermost(e).Message}");
        }

        var lines = new Dictionary<string, int>();
        var root = stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode, "$", lines);
        return (root, lines);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static JsonNode? ToJson(YamlNode node, string path, Dictionary<string, int> lines)
    {
        lines[path] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    obj[name] = ToJson(value, $"{path}.{name}", lines);
                    lines[$"{path}.{name}"] = (int)key.Start.Line;
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    array.Add(ToJson(seq.Children[i], $"{path}[{i}]", lines));
                }

                return array;
            default:
                return Scalar((YamlScalarNode)node);
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
