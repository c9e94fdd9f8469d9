using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>Opens connections to hosts: OpenSSH, SSH.NET, or a run's <see cref="RoutingTransport"/> over both.</summary>
public interface ITransport : IAsyncDisposable
{
    Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken);

    /// <summary>
    /// Connects and runs <paramref name="first"/>, as one round trip where the transport can (OpenSSH: on the master's
    /// own connection, instead of a session opened after it). A failure to connect throws as <see cref="ConnectAsync"/>
    /// does; the command's own exit, whatever it is, is the result.
    /// </summary>
    async Task<(IHostConnection Connection, CommandResult First)> ConnectRunningAsync(HostModel host, RemoteCommand first, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(host, cancellationToken);
        try
        {
            return (connection, await connection.RunAsync(first, null, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// The system OpenSSH client. Its control sockets live in a private directory: the run's own, removed on dispose, or
/// the persisted masters' (<see cref="TransportOptions.Persist"/>), kept for the next run.
/// </summary>
public sealed class OpenSshTransport : ITransport
{
    // A unix socket path holds about 104 bytes, and ssh first binds a temporary name 17 bytes longer than the socket's.
    private const int SocketPathLimit = 104 - 17;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TransportOptions options;
    private readonly Lazy<string> controlDirectory;

    public OpenSshTransport(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A persisted master would be a door to the host for whoever can reach its socket: only a directory of this
        // user's own, 0700, and short enough for socket paths.
        PersistsMasters = options.Persist is { } persist && !OperatingSystem.IsWindows()
            && Path.Combine(Path.GetFullPath(persist.Directory), new string('x', 20)).Length <= SocketPathLimit;
        this.options = PersistsMasters ? options : options with { Persist = null };
        // Made on the first connection, so a run that reaches no host leaves no directory.
        controlDirectory = new Lazy<string>(() => PersistsMasters && !OperatingSystem.IsWindows() ? PersistedDirectory(options.Persist!.Directory) : RunDirectory());
    }

    /// <summary>Whether masters outlive the run (asked for, and possible here).</summary>
    public bool PersistsMasters { get; }

    public async Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return (await OpenSshConnection.OpenAsync(host.Name, host.Connection, options, controlDirectory.Value, first: null, cancellationToken)).Connection;
    }

    public async Task<(IHostConnection Connection, CommandResult First)> ConnectRunningAsync(HostModel host, RemoteCommand first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(first);
        var (connection, result) = await OpenSshConnection.OpenAsync(host.Name, host.Connection, options, controlDirectory.Value, first, cancellationToken);
        return (connection, result!);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string PersistedDirectory(string path)
    {
        var directory = Path.GetFullPath(path);
        Directory.CreateDirectory(directory, Private);
        File.SetUnixFileMode(directory, Private);
        return directory;
    }

    // Short path: unix socket paths are limited to ~104 bytes.
    private static string RunDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("hactl-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, Private);
        }
        return directory;
    }

    public ValueTask DisposeAsync()
    {
        if (PersistsMasters || !controlDirectory.IsValueCreated)
        {
            return ValueTask.CompletedTask;
        }
        try
        {
            Directory.Delete(controlDirectory.Value, recursive: true);
        }
        catch (IOException)
        {
            // A master still closing holds its socket a moment; the directory is in the temp dir anyway.
        }
        return ValueTask.CompletedTask;
    }
}
