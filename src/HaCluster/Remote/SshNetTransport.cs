using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>
/// hactl's in-process SSH client (SSH.NET): one connection a host, commands as channels on it. Needs no ssh binary.
/// </summary>
public sealed class SshNetTransport(TransportOptions options) : ITransport
{
    private readonly TransportOptions options = options ?? throw new ArgumentNullException(nameof(options));

    public Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"the SSH.NET transport is being built (options: {options.ChannelLimit} channels)");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
