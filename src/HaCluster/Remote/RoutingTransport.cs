using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>
/// Reaches each host with the transport its plan names: one transport of each kind at most, made on its first host's
/// connection (so a run of SSH.NET hosts never makes a control directory, and one of OpenSSH hosts never loads SSH.NET).
/// </summary>
public sealed class RoutingTransport(TransportPlan plan, Func<TransportKind, ITransport> create) : ITransport
{
    private readonly TransportPlan plan = plan ?? throw new ArgumentNullException(nameof(plan));
    private readonly Func<TransportKind, ITransport> create = create ?? throw new ArgumentNullException(nameof(create));
    private readonly Dictionary<TransportKind, ITransport> made = [];
    private readonly Lock gate = new();

    public TransportPlan Plan => this.plan;

    public Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return TransportOf(plan.KindOf(host)).ConnectAsync(host, cancellationToken);
    }

    public Task<(IHostConnection Connection, CommandResult First)> ConnectRunningAsync(HostModel host, RemoteCommand first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return TransportOf(plan.KindOf(host)).ConnectRunningAsync(host, first, cancellationToken);
    }

    private ITransport TransportOf(TransportKind kind)
    {
        lock (gate)
        {
            if (!made.TryGetValue(kind, out var transport))
            {
                transport = create(kind);
                made[kind] = transport;
            }
            return transport;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ITransport> transports;
        lock (gate)
        {
            transports = [.. made.Values];
            made.Clear();
        }
        foreach (var transport in transports)
        {
            await transport.DisposeAsync();
        }
    }
}
