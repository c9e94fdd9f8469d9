using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class RoutingTransportTests
{
    private static readonly HostModel Lb = Host(0, "lb1");
    private static readonly HostModel Controller = Host(1, "c1");
    private readonly List<TransportKind> made = [];
    private readonly List<string> journal = [];

    [Fact]
    public async Task Each_host_is_reached_by_the_transport_its_plan_names()
    {
        await using var routing = Routing(new TransportPlan([(Lb, TransportKind.OpenSsh), (Controller, TransportKind.SshNet)]));

        await routing.ConnectAsync(Controller, CancellationToken.None);
        await routing.ConnectAsync(Lb, CancellationToken.None);

        journal.Should().Equal("SshNet connect c1", "OpenSsh connect lb1");
    }

    [Fact]
    public async Task A_transport_is_made_once_and_only_when_a_host_needs_it()
    {
        var routing = Routing(new TransportPlan([(Lb, TransportKind.SshNet), (Controller, TransportKind.SshNet)]));

        await routing.ConnectAsync(Lb, CancellationToken.None);
        await routing.ConnectAsync(Controller, CancellationToken.None);
        await routing.DisposeAsync();

        made.Should().Equal(TransportKind.SshNet);
        journal.Should().Equal("SshNet connect lb1", "SshNet connect c1", "SshNet dispose");
    }

    [Fact]
    public async Task Disposing_disposes_every_transport_made()
    {
        var routing = Routing(new TransportPlan([(Lb, TransportKind.OpenSsh), (Controller, TransportKind.SshNet)]));
        await routing.ConnectAsync(Lb, CancellationToken.None);
        await routing.ConnectAsync(Controller, CancellationToken.None);

        await routing.DisposeAsync();

        journal.Should().Contain("OpenSsh dispose").And.Contain("SshNet dispose");
    }

    private RoutingTransport Routing(TransportPlan plan) => new(plan, kind =>
    {
        made.Add(kind);
        return new JournalTransport(kind, journal);
    });

    private static HostModel Host(int index, string name) => new()
    {
        Index = index,
        Name = name,
        Role = HostRole.Controller,
        Connection = new ConnectionModel { Address = name },
        PrivateAddress = name,
    };

    private sealed class JournalTransport(TransportKind kind, List<string> journal) : ITransport
    {
        public Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken)
        {
            journal.Add($"{kind} connect {host.Name}");
            return Task.FromResult<IHostConnection>(null!);
        }

        public ValueTask DisposeAsync()
        {
            journal.Add($"{kind} dispose");
            return ValueTask.CompletedTask;
        }
    }
}
