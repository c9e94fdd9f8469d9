namespace K0sStandIn.Cli;

/// <summary>A failure reported the way cobra does: <c>Error: message</c> on stderr, exit 1.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CliException()
    {
    }

    /// <summary>A line cobra prints after the error for usage mistakes, e.g. "Run 'k0s --help' for usage.".</summary>
    public string? Hint { get; init; }
}
