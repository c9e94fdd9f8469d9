using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>
/// Reads the fields of one YAML mapping by name. Every field asked for becomes a known name, so
/// <see cref="RejectUnknown"/> can name the fields nobody asked for and suggest the nearest known one.
/// Wrong types are reported with the path and line; the reader carries on with the rest.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> keyPositions = new(StringComparer.Ordinal);
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    private MappingReader(YamlMappingNode mapping, string path, ReadContext context)
    {
        Path = path;
        Context = context;
        foreach (var (key, value) in YamlMerge.Children(mapping))
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                context.Error(path, YamlNodes.Position(key), "field names must be plain text");
                continue;
            }
            // A value's own position for scalars; the key's for blocks, which is where the reader looks.
            context.Map.Add(YamlNodes.Child(path, name), YamlNodes.Position(value is YamlScalarNode ? value : key));
            values[name] = value;
            keyPositions[name] = YamlNodes.Position(key);
        }
    }

    public string Path { get; }
    public ReadContext Context { get; }

    /// <summary>A reader for the node, or null when it is absent or null; a non-mapping is reported.</summary>
    public static MappingReader? Open(YamlNode? node, string path, ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (node is null || YamlNodes.IsNull(node))
        {
            return null;
        }
        if (node is not YamlMappingNode mapping)
        {
            context.Error(path, $"expected a mapping of fields, not a {YamlNodes.Describe(node)}");
            return null;
        }
        return new MappingReader(mapping, path, context);
    }

    public string PathOf(string key) => YamlNodes.Child(Path, key);

    /// <summary>Whether the field is written with a non-null value (does not make it known).</summary>
    public bool Has(string key) => values.TryGetValue(key, out var value) && !YamlNodes.IsNull(value);

    public IEnumerable<string> Keys => values.Keys;

    /// <summary>The field's node, or null when absent or null.</summary>
    public YamlNode? Node(string key)
    {
        known.Add(key);
        return values.TryGetValue(key, out var value) && !YamlNodes.IsNull(value) ? value : null;
    }

    /// <summary>Marks fields as known without reading them (the caller reports on them itself).</summary>
    public void Accept(params string[] keys)
    {
        foreach (var key in keys)
        {
            known.Add(key);
        }
    }

    public string? String(string key) => Node(key) is { } node ? Context.Scalar(node, PathOf(key)) : null;

    public int? Int(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Context.Error(PathOf(key), $"expected a whole number, not '{text}'");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        // YAML 1.1 booleans, as k0sctl's Go YAML library reads them.
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Context.Error(PathOf(key), $"expected true or false, not '{text}'");
                return null;
        }
    }

    public T? Mapping<T>(string key, Func<MappingReader, T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        return Child(key)?.ReadAll(read);
    }

    /// <summary>A reader for a nested mapping field; finish it with <see cref="ReadAll{T}"/>.</summary>
    public MappingReader? Child(string key) => Open(Node(key), PathOf(key), Context);

    /// <summary>Runs the read, then reports the fields it did not ask for.</summary>
    public T ReadAll<T>(Func<MappingReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = read(this);
        RejectUnknown();
        return result;
    }

    /// <summary>The items of a list field; an item the reader cannot make sense of is reported and left out.</summary>
    public IReadOnlyList<T> Sequence<T>(string key, Func<YamlNode, string, T?> readItem)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(readItem);
        var node = Node(key);
        if (node is null)
        {
            return [];
        }
        var path = PathOf(key);
        if (node is not YamlSequenceNode sequence)
        {
            Context.Error(path, $"expected a list, not a {YamlNodes.Describe(node)}");
            return [];
        }
        var items = new List<T>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = YamlNodes.Item(path, i);
            Context.Map.Add(itemPath, YamlNodes.Position(sequence.Children[i]));
            if (readItem(sequence.Children[i], itemPath) is { } item)
            {
                items.Add(item);
            }
        }
        return items;
    }

    public IReadOnlyList<string> Strings(string key) => Sequence(key, Context.Scalar);

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var reader = Child(key);
        if (reader is null)
        {
            return new Dictionary<string, string>();
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in reader.Keys.ToList())
        {
            map[name] = reader.String(name) ?? "";
        }
        return map;
    }

    /// <summary>Reports every field no one asked for, with the nearest known name when one is close.</summary>
    public void RejectUnknown()
    {
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
        {
            // The key is what is wrong, so its position (not the value's) is the one to show.
            Context.Error(PathOf(key), keyPositions[key], $"unknown field '{key}'{NearestName.Hint(key, known)}");
        }
    }
}
