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

    /// <summary>What <c>timeout</c> exits with when it stopped a command that ran past its bound.</summary>
    public const int BoundExceededExitCode = 124;

    // After the bound, a command that ignores SIGTERM gets SIGKILL this much later.
    private const string KillAfterSeconds = "10";

    /// <summary>The shell text sent over ssh, with sudo when the login user is not root.</summary>
    public string ToShellText(bool viaSudo) => ToShellText(viaSudo, bound: null);

    /// <summary>
    /// The shell text, bounded on the host by coreutils' <c>timeout</c> when <paramref name="bound"/> is given, so the
    /// command and its children end there even if the client has gone. The bound runs inside sudo: as root it can kill
    /// root's processes.
    /// </summary>
    public string ToShellText(bool viaSudo, TimeSpan? bound)
    {
        IReadOnlyList<string> argv = bound is { } limit
            ? ["timeout", "-k", KillAfterSeconds, Seconds(limit), .. Argv]
            : Argv;
        return viaSudo && AsRoot ? ShellQuote.Join(["sudo", "-n", "--", .. argv]) : ShellQuote.Join(argv);
    }

    private static string Seconds(TimeSpan bound) =>
        Math.Max(1, (long)Math.Ceiling(bound.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Display;
}

/// <summary>What a remote command did.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
