namespace HaCluster.Remote;

/// <summary>What the user asked for with <c>--transport</c> or <c>HACTL_TRANSPORT</c>.</summary>
public enum TransportChoice
{
    /// <summary>OpenSSH where it can run (ssh on PATH, Linux or macOS), SSH.NET elsewhere; openSSH: hosts always OpenSSH.</summary>
    Auto,

    /// <summary>Every host through the system ssh client.</summary>
    OpenSsh,

    /// <summary>Every host through SSH.NET; no ssh process is started.</summary>
    SshNet,
}

/// <summary>The names transports have on the command line, in the environment and in events.</summary>
public static class TransportNames
{
    public const string Auto = "auto";
    public const string OpenSsh = "openssh";
    public const string SshNet = "sshnet";

    public static readonly IReadOnlyList<string> Choices = [Auto, OpenSsh, SshNet];

    public static bool TryParse(string? text, out TransportChoice choice)
    {
        (var known, choice) = text?.Trim().ToLowerInvariant() switch
        {
            Auto => (true, TransportChoice.Auto),
            OpenSsh => (true, TransportChoice.OpenSsh),
            SshNet => (true, TransportChoice.SshNet),
            _ => (false, TransportChoice.Auto),
        };
        return known;
    }

    public static string Of(TransportKind kind) => kind switch
    {
        TransportKind.OpenSsh => OpenSsh,
        TransportKind.SshNet => SshNet,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such transport"),
    };
}
