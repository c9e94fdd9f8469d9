namespace HaCluster.Spec;

/// <summary>A position in the config file, 1-based.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// Where each YAML path (e.g. <c>spec.hosts[2].ssh.address</c>) stands in the file, so validators can
/// name the line of any value without the spec records carrying positions.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> positions = new(StringComparer.Ordinal);

    public void Add(string path, SourcePosition position) => positions[path] = position;

    /// <summary>Whether the path itself (not an ancestor) is written in the file.</summary>
    public bool Contains(string path) => positions.ContainsKey(path);

    /// <summary>The position of the path, or of its nearest ancestor that is in the file.</summary>
    public SourcePosition? Find(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (positions.TryGetValue(p, out var position))
            {
                return position;
            }
        }
        return positions.TryGetValue("", out var root) ? root : null;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}

/// <summary>One problem with the config: where it is and what rule it breaks.</summary>
public sealed record SpecError(string Path, SourcePosition? Position, string Message, bool IsWarning = false)
{
    public override string ToString() => (Path, Position) switch
    {
        ("", { } p) => $"line {p.Line}:{p.Column}: {Message}",
        ("", null) => Message,
        (_, { } p) => $"{Path} (line {p.Line}:{p.Column}): {Message}",
        _ => $"{Path}: {Message}",
    };
}
