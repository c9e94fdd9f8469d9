using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>Hosts that may be down are reported unreachable with the reason their transport gives, whatever the kind.</summary>
public class ConnectTolerantPhaseTests
{
    [Fact]
    public async Task A_host_that_times_out_is_marked_unreachable_with_the_transports_reason()
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 2, workers: 0), reached: _ => false);
        var transport = new Transport(host => host.Name == "c2"
            ? throw new RemoteException("c2", RemoteFailure.Timeout, "c2: no ssh connection within the connect deadline", "ssh")
            : new FakeHost(host.Name));

        await new ConnectTolerantPhase(transport, c => c.Sessions, s => s.Host.IsController).RunAsync(run.Context, CancellationToken.None);

        run.Context.Connected.Select(s => s.Name).Should().Equal("lb1", "c1");
        run.Context.Sessions.Single(s => s.Name == "c2").UnreachableReason.Should().Be("no ssh connection within the connect deadline");
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Host == "c2");
    }

    [Fact]
    public async Task A_host_the_operation_cannot_do_without_still_fails_the_run()
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0), reached: _ => false);
        var transport = new Transport(host => throw new RemoteException(host.Name, RemoteFailure.Unreachable, $"{host.Name}: could not be reached over ssh"));

        var connect = () => new ConnectTolerantPhase(transport, c => c.Sessions, s => s.Host.IsController).RunAsync(run.Context, CancellationToken.None);

        (await connect.Should().ThrowAsync<RemoteException>()).WithMessage("lb1: could not be reached over ssh");
    }

    private sealed class Transport(Func<HostModel, IHostConnection> connect) : ITransport
    {
        public Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken) => Task.FromResult(connect(host));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
