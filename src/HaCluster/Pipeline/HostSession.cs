using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>
/// A host during a run: its model as configured, and its open connection once connected. Its own methods only
/// read the host; changes go through <see cref="RunContext.ChangeAsync"/>, which alone hands out a <see cref="HostWriter"/>.
/// What phases learn about the host lives in typed state (e.g. <c>GatheredHost</c>), not here.
/// </summary>
public sealed class HostSession
{
    private IHostConnection? connection;

    /// <param name="host">The host's model.</param>
    /// <param name="connectionOf">The raw connection, for the run context to build writers from: nothing else gets it.</param>
    internal HostSession(HostModel host, out Func<IHostConnection> connectionOf)
    {
        Host = host;
        connectionOf = () => Connection;
    }

    /// <summary>The host as the config declares it; facts refine a copy of it (<c>GatheredHost.Host</c>), never this one.</summary>
    public HostModel Host { get; }

    public string Name => Host.Name;

    public bool IsConnected => connection is not null;

    /// <summary>Why the host could not be reached, when the operation tolerates that (e.g. a dead controller being ejected).</summary>
    public string? UnreachableReason { get; private set; }

    private IHostConnection Connection => connection ?? throw new InvalidOperationException($"{Name}: not connected");

    public async Task ConnectAsync(ITransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Attach(await transport.ConnectAsync(Host, cancellationToken));
    }

    /// <summary>Connects and runs a first command in the same round trip where the transport can; its result, whatever its exit.</summary>
    public async Task<CommandResult> ConnectAsync(ITransport transport, RemoteCommand first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var (opened, result) = await transport.ConnectRunningAsync(Host, first, cancellationToken);
        Attach(opened);
        return result;
    }

    internal void Attach(IHostConnection opened) => connection = opened;

    internal void MarkUnreachable(string reason) => UnreachableReason = reason;

    /// <summary>Runs a read-only command, also under --dry-run; throws with host, command and stderr on failure.</summary>
    public Task<string> QueryAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunCheckedAsync(command, null, cancellationToken);

    /// <summary>Runs a read-only command and returns its result whatever the exit code.</summary>
    public Task<CommandResult> ProbeAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunAsync(command, null, cancellationToken);

    /// <summary>Runs a read-only command whose stdout (binary, e.g. an archive) is copied into a stream; the result's Stdout is empty.</summary>
    public Task<CommandResult> ProbeToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken) =>
        Connection.RunToStreamAsync(command, stdout, cancellationToken);

    /// <summary>What a failed result of a command on this host means, as its transport classifies it.</summary>
    public RemoteException Failure(RemoteCommand command, CommandResult result) => Connection.Failure(command, result);

    internal async ValueTask DisconnectAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }
}
