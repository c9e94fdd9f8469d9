using System.Collections.Concurrent;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>Connecting with an opening (the survey's command, which takes the lock) when another host fails.</summary>
public class ConnectPhaseTests
{
    [Fact]
    public async Task An_opening_in_flight_when_another_host_fails_the_phase_still_answers_and_its_host_stays_connected()
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0), reached: _ => false);
        var c1Sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new OpeningTransport(async (host, token) =>
        {
            if (host.Name == "lb1")
            {
                // Fails only once c1's opening is in flight (a host whose opening was never sent has nothing to answer).
                await c1Sent.Task;
                failed.SetResult();
                throw new RemoteException("lb1", RemoteFailure.AuthenticationRefused, "lb1: refused the connection", "ssh");
            }
            c1Sent.SetResult();
            await failed.Task;
            // Past the moment the phase is cancelled by lb1's failure: without the grace this wait is cut short.
            await Task.Delay(TimeSpan.FromMilliseconds(500), token);
            return new CommandResult(0, "surveyed", "");
        });
        var opening = new RecordingOpening();

        var connect = () => new ConnectPhase(transport, opening: opening).RunAsync(run.Context, CancellationToken.None);

        (await connect.Should().ThrowAsync<RemoteException>()).WithMessage("lb1: refused the connection");
        opening.Sent.Should().BeEquivalentTo("lb1", "c1");
        opening.Answers.Should().ContainKey("c1").WhoseValue.Stdout.Should().Be("surveyed");
        run.Context.Connected.Select(s => s.Name).Should().Equal(["c1"], "the closing phase releases the lock its opening took");
    }

    private sealed class RecordingOpening : IHostOpening
    {
        public ConcurrentBag<string> Sent { get; } = [];

        public ConcurrentDictionary<string, CommandResult> Answers { get; } = new();

        public RemoteCommand CommandFor(RunContext context, HostSession host)
        {
            Sent.Add(host.Name);
            return RemoteCommand.Exec("survey");
        }

        public void Answered(HostSession host, RemoteCommand command, CommandResult result) => Answers[host.Name] = result;
    }

    private sealed class OpeningTransport(Func<HostModel, CancellationToken, Task<CommandResult>> open) : ITransport
    {
        public Task<IHostConnection> ConnectAsync(HostModel host, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("every host has an opening");

        public async Task<(IHostConnection Connection, CommandResult First)> ConnectRunningAsync(HostModel host, RemoteCommand first, CancellationToken cancellationToken) =>
            (new FakeHost(host.Name), await open(host, cancellationToken));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
