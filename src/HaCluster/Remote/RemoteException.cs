namespace HaCluster.Remote;

/// <summary>Why reaching or using a host failed, so callers can tell "unreachable" from "refused" from "failed".</summary>
public enum RemoteFailure
{
    /// <summary>The network or sshd did not answer (after retries).</summary>
    Unreachable,
    /// <summary>sshd answered but refused us: key, user, or host key mismatch.</summary>
    AuthenticationRefused,
    /// <summary>sudo wants a password; hactl never types one.</summary>
    SudoPasswordRequired,
    /// <summary>The command ran and exited non-zero.</summary>
    CommandFailed,
}

/// <summary>A failure on one host, naming the host, the command and what the host said.</summary>
public sealed class RemoteException : Exception
{
    public RemoteException(string host, RemoteFailure failure, string message, string? command = null, CommandResult? result = null)
        : base(message)
    {
        Host = host;
        Failure = failure;
        Command = command;
        Result = result;
    }

    public RemoteException() : this("", RemoteFailure.CommandFailed, "remote failure") { }

    public RemoteException(string message) : this("", RemoteFailure.CommandFailed, message) { }

    public RemoteException(string message, Exception innerException) : base(message, innerException)
    {
        Host = "";
    }

    public string Host { get; }
    public RemoteFailure Failure { get; }
    public string? Command { get; }
    public CommandResult? Result { get; }

    internal static RemoteException FromResult(string host, RemoteCommand command, CommandResult result)
    {
        var stderr = result.Stderr.Trim();
        var failure = SshDiagnostics.Classify(result);
        var message = failure switch
        {
            RemoteFailure.SudoPasswordRequired =>
                $"{host}: sudo asks for a password; hactl needs root or passwordless sudo (NOPASSWD) for the ssh user",
            _ => $"{host}: `{command.Display}` exited {result.ExitCode}" + (stderr.Length > 0 ? $": {stderr}" : ""),
        };
        return new RemoteException(host, failure, message, command.Display, result);
    }
}
