namespace K0sStandIn.Cli;

/// <summary>A k0s command: its words (e.g. "token create"), its flags and what it does.</summary>
internal sealed record CommandSpec(string Words, string Summary, FlagSpec[] Flags, Func<ParsedArgs, Task<int>> Run)
{
    /// <summary>Arguments go untouched to the command (k0s kubectl).</summary>
    public bool PassThrough { get; init; }

    public string[] Path => Words.Split(' ');
}
