using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>
/// The one way to change a host: runs a changing command or uploads a file. Only <see cref="RunContext.ChangeAsync"/>
/// hands one out (to the change it runs), so under --dry-run, where no change runs, none exists.
/// </summary>
public sealed class HostWriter
{
    private readonly Func<IHostConnection> connectionOf;
    private readonly Func<HostSession, HostWriter> others;

    internal HostWriter(Func<IHostConnection> connectionOf, Func<HostSession, HostWriter> others)
    {
        this.connectionOf = connectionOf;
        this.others = others;
    }

    private IHostConnection Connection => connectionOf();

    /// <summary>Runs a changing command; throws with host, command and stderr on failure.</summary>
    public Task<string> RunAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunCheckedAsync(command, null, cancellationToken);

    /// <summary>Runs a changing command and returns its result whatever the exit code.</summary>
    public Task<CommandResult> TryRunAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunAsync(command, null, cancellationToken);

    /// <summary>Writes a file atomically, owned by root.</summary>
    public Task UploadAsync(byte[] content, string path, string mode, CancellationToken cancellationToken) =>
        Connection.UploadAsync(content, path, mode, "root:root", cancellationToken);

    /// <summary>Writes a file atomically, owned by root, streamed from <paramref name="content"/> and checked against <paramref name="sha256"/> before the rename.</summary>
    public Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, CancellationToken cancellationToken) =>
        Connection.UploadCheckedAsync(content, sha256, path, mode, "root:root", cancellationToken);

    /// <summary>The same change acting on another host too (e.g. a join: a token made on the leader, k0s installed on the joiner).</summary>
    public HostWriter On(HostSession other) => others(other);
}
