namespace HaCluster.TestSupport;

/// <summary>What a finished process left: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Both streams, stdout first: for assertion messages.</summary>
    public string Output => StdOut + StdErr;

    /// <summary>One line naming the command, its exit code and its stderr, then its stdout.</summary>
    public string Failure => $"`{Command}` exited {ExitCode}: {StdErr.Trim()}{Environment.NewLine}{StdOut.Trim()}";

    /// <summary>Returns this result, or throws naming the command, its exit code and its stderr.</summary>
    public ProcessResult ThrowIfFailed() => Succeeded ? this : throw new ProcessFailedException(Failure);

    public override string ToString() => $"`{Command}` exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}
