namespace HaCluster.Remote;

/// <summary>Reads ssh's and sudo's stderr to say what kind of failure a result is.</summary>
internal static class SshDiagnostics
{
    // ssh reserves exit code 255 for its own errors; anything else came from the remote command.
    private const int SshError = 255;

    private static readonly string[] Transient =
    [
        "Connection refused", "Connection timed out", "No route to host", "Connection reset",
        "kex_exchange_identification", "Connection closed by", "Network is unreachable", "timed out during banner exchange",
        "Broken pipe", "mux_client_request_session",
    ];

    private static readonly string[] Refused = ["Permission denied", "Too many authentication failures"];

    private static readonly string[] HostKeyRejected =
    [
        "Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED", "No ED25519 host key is known",
    ];

    /// <summary>Whether sudo stopped to ask for a password (sudo -n prints this instead of prompting).</summary>
    public static bool AsksForSudoPassword(string stderr) =>
        stderr.Contains("sudo: a password is required", StringComparison.Ordinal)
        || stderr.Contains("sudo: a terminal is required", StringComparison.Ordinal);

    public static RemoteFailure Classify(CommandResult result)
    {
        if (AsksForSudoPassword(result.Stderr))
        {
            return RemoteFailure.SudoPasswordRequired;
        }
        if (result.ExitCode != SshError)
        {
            return RemoteFailure.CommandFailed;
        }
        if (HostKeyRejected.Any(r => result.Stderr.Contains(r, StringComparison.Ordinal)))
        {
            return RemoteFailure.HostKeyRejected;
        }
        if (Refused.Any(r => result.Stderr.Contains(r, StringComparison.Ordinal)))
        {
            return RemoteFailure.AuthenticationRefused;
        }
        return Transient.Any(t => result.Stderr.Contains(t, StringComparison.Ordinal))
            ? RemoteFailure.Unreachable
            : RemoteFailure.CommandFailed;
    }

    /// <summary>What a failed result of the OpenSSH transport means, as an exception naming host, command and stderr.</summary>
    public static RemoteException Failure(string host, RemoteCommand command, CommandResult result) => Describe(host, command, result, Classify(result));

    /// <summary>
    /// What a failed result means when the exit code is always the command's own (an in-process client has no ssh
    /// process whose 255 could be its own error): a sudo password prompt, or the command failing.
    /// </summary>
    public static RemoteException CommandFailure(string host, RemoteCommand command, CommandResult result) =>
        Describe(host, command, result, AsksForSudoPassword(result.Stderr) ? RemoteFailure.SudoPasswordRequired : RemoteFailure.CommandFailed);

    private static RemoteException Describe(string host, RemoteCommand command, CommandResult result, RemoteFailure failure) => failure switch
    {
        RemoteFailure.SudoPasswordRequired => new RemoteException(host, RemoteFailure.SudoPasswordRequired,
            $"{host}: sudo asks for a password; hactl needs root or passwordless sudo (NOPASSWD) for the ssh user", command.Display, result),
        _ => RemoteException.CommandFailed(host, command, result, failure),
    };

    public static bool IsTransient(CommandResult result) => result.ExitCode == SshError && Classify(result) == RemoteFailure.Unreachable;
}
