using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace K0sStandIn.Config;

/// <summary>Reads a k0s.yaml strictly: unknown fields and wrong types are errors that say where they are.</summary>
internal static partial class ConfigLoader
{
    public const string DefaultPath = "/etc/k0s/k0s.yaml";

    /// <summary>
    /// Loads the config a command was given: <paramref name="path"/> ("-" is stdin), or the default path, which may be
    /// absent (k0s then uses its defaults).
    /// </summary>
    public static ClusterConfig Load(string? path)
    {
        if (path == "-")
        {
            return Parse(Console.In.ReadToEnd());
        }

        var file = string.IsNullOrEmpty(path) ? DefaultPath : path;
        if (!File.Exists(file))
        {
            return file == DefaultPath ? new ClusterConfig() : throw new ConfigException($"open {file}: no such file or directory");
        }

        return Parse(File.ReadAllText(file));
    }

    public static ClusterConfig Parse(string yaml)
    {
        var (root, lines) = YamlToJson.Convert(yaml);
        if (root is null)
        {
            return new ClusterConfig();
        }

        if (root is not JsonObject obj)
        {
            throw new ConfigException("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal non-object into Go value of type v1beta1.ClusterConfig");
        }

        // k0s accepts and discards the removed podSecurityPolicy field because old configs still carry it.
        (obj["spec"] as JsonObject)?.Remove("podSecurityPolicy");
        try
        {
            return obj.Deserialize(ClusterConfigJson.Default.ClusterConfig) ?? new ClusterConfig();
        }
        catch (JsonException e)
        {
            throw new ConfigException("error unmarshaling JSON: while decoding JSON: json: " + Describe(e, lines));
        }
    }

    private static string Describe(JsonException e, IReadOnlyDictionary<string, int> lines)
    {
        var path = e.Path ?? "$";
        var unmapped = UnmappedProperty().Match(e.Message);
        if (unmapped.Success && !path.EndsWith("." + unmapped.Groups[1].Value, StringComparison.Ordinal))
        {
            path = $"{path}.{unmapped.Groups[1].Value}";
        }

        var where = Readable(path) + (lines.TryGetValue(path, out var line) ? $", line {line}" : "");
        return unmapped.Success
            ? $"unknown field \"{unmapped.Groups[1].Value}\" ({where})"
            : $"cannot unmarshal value into field {where}";
    }

    private static string Readable(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
