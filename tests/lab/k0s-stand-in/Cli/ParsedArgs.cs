namespace K0sStandIn.Cli;

/// <summary>What the command line said: the flags that were set (with their values) and the positional arguments.</summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, FlagValue> _flags;

    public ParsedArgs(Dictionary<string, FlagValue> flags, IReadOnlyList<string> positionals)
    {
        _flags = flags;
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The set flags in pflag's visiting order: sorted by name.</summary>
    public IEnumerable<FlagValue> SetFlags => _flags.Values.OrderBy(f => f.Spec.Name, StringComparer.Ordinal);

    public string? String(string name) => _flags.TryGetValue(name, out var v) ? v.Values[^1] : null;

    public bool Bool(string name) => _flags.TryGetValue(name, out var v) && v.Values[^1] == "true";

    public IReadOnlyList<string> List(string name) => _flags.TryGetValue(name, out var v) ? v.Values : [];
}

/// <summary>A set flag and its values as given (bools normalised to true/false).</summary>
internal sealed record FlagValue(FlagSpec Spec, List<string> Values)
{
    /// <summary>The value as pflag's <c>Value.String()</c> renders it, for re-emitting as <c>--name=value</c>.</summary>
    public string Rendered => Spec.Kind switch
    {
        FlagKind.StringSlice or FlagKind.StringToString => string.Join(',', Values),
        _ => Values[^1],
    };
}
