namespace HaCluster.Remote;

/// <summary>
/// A command to run on a host, kept as argv until the transport turns it into shell text with <see cref="ShellQuote"/>.
/// Scripts are constant text written by hactl; the values they act on travel as positional parameters ("$1"…).
/// </summary>
public sealed record RemoteCommand
{
    private RemoteCommand(IReadOnlyList<string> argv, string display)
    {
        Argv = argv;
        Display = display;
    }

    /// <summary>The words the remote shell will receive, each quoted.</summary>
    public IReadOnlyList<string> Argv { get; }

    /// <summary>What output and logs show; secrets are never part of a command line (they go through stdin).</summary>
    public string Display { get; }

    /// <summary>Whether the command needs root (wrapped in sudo for other users).</summary>
    public bool AsRoot { get; init; } = true;

    public static RemoteCommand Exec(string program, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(program);
        string[] argv = [program, .. args];
        return new RemoteCommand(argv, ShellQuote.Join(argv));
    }

    /// <summary>A constant POSIX sh script with its values as positional parameters: <c>sh -c SCRIPT hactl ARGS…</c>.</summary>
    public static RemoteCommand Script(string name, string script, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(script);
        string[] argv = ["sh", "-c", script, "hactl", .. args];
        return new RemoteCommand(argv, args.Length == 0 ? name : $"{name} {ShellQuote.Join(args)}");
    }

    /// <summary>The shell text sent over ssh, with sudo when the login user is not root.</summary>
    public string ToShellText(bool viaSudo) =>
        viaSudo && AsRoot ? ShellQuote.Join(["sudo", "-n", "--", .. Argv]) : ShellQuote.Join(Argv);

    public override string ToString() => Display;
}

/// <summary>What a remote command did.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
