using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>
/// A host during a run: its model, its open connection (once connected) and what phases learned about it.
/// Reads go straight to the connection; changes go through <see cref="RunContext.ChangeAsync"/>.
/// </summary>
public sealed class HostSession
{
    private IHostConnection? connection;

    public HostSession(HostModel host)
    {
        Host = host;
    }

    /// <summary>The model of the host; facts refine it (e.g. a discovered private interface).</summary>
    public HostModel Host { get; set; }

    public string Name => Host.Name;

    public IHostConnection Connection
    {
        get => connection ?? throw new InvalidOperationException($"{Name}: not connected");
        set => connection = value;
    }

    public bool IsConnected => connection is not null;

    /// <summary>Values phases record for later phases (OS, facts), keyed by type.</summary>
    public FactStore Facts { get; } = new();

    /// <summary>Runs a read-only command, also under --dry-run; throws with host, command and stderr on failure.</summary>
    public Task<string> QueryAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunCheckedAsync(command, null, cancellationToken);

    /// <summary>Runs a read-only command and returns its result whatever the exit code.</summary>
    public Task<CommandResult> ProbeAsync(RemoteCommand command, CancellationToken cancellationToken) =>
        Connection.RunAsync(command, null, cancellationToken);

    internal async ValueTask DisconnectAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }
}

/// <summary>Typed facts about a host, set by the phase that learns them and read by later ones.</summary>
public sealed class FactStore
{
    private readonly Dictionary<Type, object> values = [];

    public void Set<T>(T value) where T : class
    {
        lock (values)
        {
            values[typeof(T)] = value;
        }
    }

    public T Get<T>() where T : class =>
        TryGet<T>() ?? throw new InvalidOperationException($"{typeof(T).Name} is not known yet: the phase that gathers it has not run");

    public T? TryGet<T>() where T : class
    {
        lock (values)
        {
            return values.TryGetValue(typeof(T), out var value) ? (T)value : null;
        }
    }
}
