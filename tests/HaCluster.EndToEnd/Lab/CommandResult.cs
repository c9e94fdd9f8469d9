namespace HaCluster.EndToEnd.Lab;

/// <summary>What a finished command left: its exit code and everything it printed.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws naming the command, its exit code and its stderr.</summary>
    public CommandResult ThrowIfFailed() =>
        Succeeded ? this : throw new LabException($"`{Command}` exited {ExitCode}: {StdErr.Trim()}{Environment.NewLine}{StdOut.Trim()}");

    public override string ToString() => $"`{Command}` exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}
