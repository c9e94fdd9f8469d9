namespace K0sStandIn.Cli;

/// <summary>How pflag treats a flag's value.</summary>
internal enum FlagKind
{
    Bool,
    String,
    /// <summary>Comma-separated values, accumulated over repeats (pflag stringSlice).</summary>
    StringSlice,
    /// <summary>One value per repeat, commas kept (pflag stringArray).</summary>
    StringArray,
    /// <summary>key=value pairs, comma-separated (pflag stringToString).</summary>
    StringToString,
    Duration,
    Int,
}

/// <summary>One command-line flag as k0s declares it.</summary>
internal sealed record FlagSpec(string Name, FlagKind Kind, string? Shorthand = null);
