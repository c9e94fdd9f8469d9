namespace HaCluster.Remote;

/// <summary>
/// Why reaching or using a host failed, so callers can tell "unreachable" from "refused" from "failed". Each transport
/// classifies its own failures into these kinds; nothing outside <c>Remote/</c> reads a transport's errors.
/// </summary>
public enum RemoteFailure
{
    /// <summary>The network or sshd did not answer (after retries).</summary>
    Unreachable,
    /// <summary>sshd answered but refused us: key or user.</summary>
    AuthenticationRefused,
    /// <summary>The host's key is not the one known_hosts holds (changed, or unknown under strict checking).</summary>
    HostKeyRejected,
    /// <summary>sudo wants a password; hactl never types one.</summary>
    SudoPasswordRequired,
    /// <summary>The command ran and exited non-zero.</summary>
    CommandFailed,
    /// <summary>No connection within the transport's connect deadline (retries included).</summary>
    Timeout,
}

/// <summary>A failure on one host, naming the host, the command and what the host said.</summary>
public sealed class RemoteException : Exception
{
    public RemoteException(
        string host, RemoteFailure failure, string message, string? command = null, CommandResult? result = null, Exception? innerException = null)
        : base(message, innerException)
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

    /// <summary>A command that ran and failed, in the words every transport uses for it.</summary>
    public static RemoteException CommandFailed(string host, RemoteCommand command, CommandResult result, RemoteFailure failure = RemoteFailure.CommandFailed)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        var stderr = result.Stderr.Trim();
        return new RemoteException(host, failure, $"{host}: `{command.Display}` exited {result.ExitCode}" + (stderr.Length > 0 ? $": {stderr}" : ""),
            command.Display, result);
    }
}
