namespace HaCluster.Remote;

/// <summary>An open connection to one host. The only way hactl reads or changes a host.</summary>
public interface IHostConnection : IAsyncDisposable
{
    /// <summary>The host's name for messages.</summary>
    string Host { get; }

    /// <summary>Runs a command; the result says how it exited (no exception for a non-zero exit).</summary>
    Task<CommandResult> RunAsync(RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a command whose standard output is binary or large (an archive): copied into <paramref name="stdout"/> as it
    /// arrives, never held as text. The result's <see cref="CommandResult.Stdout"/> is empty; stderr is kept as usual.
    /// </summary>
    Task<CommandResult> RunToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken = default);

    /// <summary>Writes a file atomically: streamed to a temp file beside it, given mode and owner, then renamed into place.</summary>
    Task UploadAsync(byte[] content, string path, string mode, string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a file atomically as <see cref="UploadAsync"/> does, its content copied from <paramref name="content"/> as it
    /// is sent (never held whole in memory); the temp file must hash to <paramref name="sha256"/> before the rename, or
    /// the upload fails and the file is left as it was.
    /// </summary>
    Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>What a failed result means, classified by this transport (unreachable, refused, sudo, command failed).</summary>
    RemoteException Failure(RemoteCommand command, CommandResult result);
}

public static class HostConnectionExtensions
{
    /// <summary>Runs a command and throws a <see cref="RemoteException"/> naming host, command and stderr when it fails.</summary>
    public static async Task<string> RunCheckedAsync(
        this IHostConnection connection, RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = await connection.RunAsync(command, stdin, cancellationToken);
        return result.Succeeded ? result.Stdout : throw connection.Failure(command, result);
    }
}
