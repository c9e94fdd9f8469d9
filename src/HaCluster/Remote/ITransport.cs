using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>Opens connections to hosts. OpenSSH today; another transport can be added behind this seam.</summary>
public interface ITransport : IAsyncDisposable
{
    Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken);
}

/// <summary>The system OpenSSH client; its control sockets live in a private directory removed on dispose.</summary>
public sealed class OpenSshTransport : ITransport
{
    private readonly TransportOptions options;
    private readonly string controlDirectory;

    public OpenSshTransport(TransportOptions options)
    {
        this.options = options;
        // Short path: unix socket paths are limited to ~104 bytes.
        controlDirectory = Directory.CreateTempSubdirectory("hactl-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(controlDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public async Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return await OpenSshConnection.OpenAsync(host.Name, host.Connection, options, controlDirectory, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(controlDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A master still closing holds its socket a moment; the directory is in the temp dir anyway.
        }
        return ValueTask.CompletedTask;
    }
}
