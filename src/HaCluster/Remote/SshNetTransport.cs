using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>
/// hactl's in-process SSH client (SSH.NET): one connection a host, commands as channels on it. Needs no ssh binary.
/// What SSH.NET lacks hactl adds: known_hosts in OpenSSH's format under the same policy as the OpenSSH transport, an
/// ssh-agent client, bastions through forwarded ports, a channel limit below sshd's MaxSessions, and a bound on every
/// command on the host (SSH.NET cannot stop a root command by cancelling its channel).
/// </summary>
public sealed class SshNetTransport : ITransport
{
    private readonly SshNetConnection.Context context;

    /// <summary>A transport whose logins without a keyPath use the agent <c>SSH_AUTH_SOCK</c> names, if any.</summary>
    public SshNetTransport(TransportOptions options) : this(options, SshAgentClient.FromEnvironment()) { }

    /// <summary>A transport with the agent given (none: key files only).</summary>
    internal SshNetTransport(TransportOptions options, SshAgentClient? agent)
    {
        ArgumentNullException.ThrowIfNull(options);
        context = new SshNetConnection.Context(options, new SshNetHostKeys(options), agent);
    }

    public async Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return await SshNetConnection.OpenAsync(host.Name, host.Connection, context, cancellationToken);
    }

    // Each connection closes its own SSH.NET clients; the transport holds nothing else.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
