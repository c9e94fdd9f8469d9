using HaCluster.K0s;
using HaCluster.Phases;
using Microsoft.Extensions.Time.Testing;

namespace HaCluster.Tests.Phases;

/// <summary>One poll of every node's Ready condition answers many waiters, each with its own deadline.</summary>
public class NodeReadyPollTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);
    private static readonly NodeCondition Ready = new("True");
    private static readonly NodeCondition NotReady = new("False", "KubeletNotReady", "container runtime network not ready");

    private int reads;

    [Fact]
    public async Task One_read_a_tick_answers_every_waiter()
    {
        var everyoneWaits = new TaskCompletionSource();
        string[] nodes = [.. Enumerable.Range(1, 30).Select(i => $"w{i}")];
        await using var poll = Poll(async _ =>
        {
            await everyoneWaits.Task;
            return reads < 2 ? nodes.ToDictionary(n => n, _ => NotReady) : nodes.ToDictionary(n => n, _ => Ready);
        });

        var waits = nodes.Select(n => poll.WaitAsync(n, Long, CancellationToken.None)).ToList();
        everyoneWaits.SetResult();
        await Task.WhenAll(waits);

        reads.Should().Be(3);
    }

    // The deadlines below run on a fake clock, moved only once the reads they depend on have happened: on a loaded
    // machine a real 200 ms deadline can pass before the poll's first read.
    [Fact]
    public async Task A_node_that_never_becomes_Ready_fails_alone_with_its_last_condition()
    {
        var clock = new FakeTimeProvider();
        await using var poll = Poll(_ => Answer(("w1", Ready), ("w2", NotReady), ("w3", Ready)), clock: clock);

        var w1 = poll.WaitAsync("w1", Long, CancellationToken.None);
        var w2 = poll.WaitAsync("w2", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var w3 = poll.WaitAsync("w3", Long, CancellationToken.None);

        await w1;
        await w3;
        w2.IsCompleted.Should().BeFalse("w2 is not Ready and its deadline has not come");
        clock.Advance(TimeSpan.FromMilliseconds(300));
        (await w2.Invoking(t => t).Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Be(
            "WaitForNodeReady w2: not reached within 0 s (raise --timeout to wait longer); "
            + "last seen: Ready=False (KubeletNotReady: container runtime network not ready)");
    }

    [Fact]
    public async Task A_node_the_API_does_not_list_times_out_saying_so()
    {
        // No pause between reads; from the second on, a read moves the clock past the deadline.
        var clock = new FakeTimeProvider();
        await using var poll = Poll(_ =>
        {
            PastTheDeadlineFromTheSecondRead(clock, TimeSpan.FromMilliseconds(200));
            return Answer(("w1", Ready));
        }, clock: clock, interval: TimeSpan.Zero);

        var error = await poll.Invoking(p => p.WaitAsync("w9", TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(Long))
            .Should().ThrowAsync<TimeoutException>().WithMessage("WaitForNodeReady w9:*");

        error.Which.Message.Should().EndWith("last seen: node not registered");
    }

    [Fact]
    public async Task A_read_that_fails_is_read_again_and_its_error_is_what_the_timeout_reports()
    {
        var clock = new FakeTimeProvider();
        await using var poll = Poll(_ =>
        {
            PastTheDeadlineFromTheSecondRead(clock, TimeSpan.FromMilliseconds(200));
            throw new InvalidOperationException("c1: connection refused");
        }, clock: clock, interval: TimeSpan.Zero);

        var error = await poll.Invoking(p => p.WaitAsync("w1", TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(Long))
            .Should().ThrowAsync<TimeoutException>().WithMessage("WaitForNodeReady w1:*");

        error.Which.Message.Should().EndWith("last seen: no answer from the API yet; last error: c1: connection refused");
        // The deadline fired inside the second read, which is counted once it ends.
        await Until(() => reads >= 2);
    }

    [Fact]
    public async Task Cancelling_every_waiter_stops_the_reads()
    {
        await using var poll = Poll(_ => Answer(("w1", NotReady)));
        using var cancel = new CancellationTokenSource();

        var wait = poll.WaitAsync("w1", Long, cancel.Token);
        await Until(() => reads >= 2);
        await cancel.CancelAsync();

        await wait.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        await Until(() => !poll.Polling);
        await StaysAt(reads);
    }

    [Fact]
    public async Task Cancelling_the_poll_cancels_its_waiters_and_stops_the_reads()
    {
        using var cancel = new CancellationTokenSource();
        await using var poll = Poll(_ => Answer(("w1", NotReady)), cancellationToken: cancel.Token);

        var wait = poll.WaitAsync("w1", Long, CancellationToken.None);
        await Until(() => reads >= 1);
        await cancel.CancelAsync();

        await wait.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        await Until(() => !poll.Polling);
        await StaysAt(reads);
    }

    [Fact]
    public async Task With_nobody_waiting_nothing_is_read_until_someone_waits_again()
    {
        await using var poll = Poll(_ => Answer(("w1", Ready), ("w2", Ready)));

        await poll.WaitAsync("w1", Long, CancellationToken.None);
        await StaysAt(1);
        await poll.WaitAsync("w2", Long, CancellationToken.None);

        reads.Should().Be(2);
    }

    private NodeReadyPoll Poll(
        Func<CancellationToken, Task<IReadOnlyDictionary<string, NodeCondition>>> read,
        FakeTimeProvider? clock = null, TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        new(async token =>
        {
            try
            {
                return await read(token);
            }
            finally
            {
                Interlocked.Increment(ref reads);
            }
        }, interval ?? Tick, clock ?? TimeProvider.System, cancellationToken);

    // Every read after the first moves the clock by the deadline, which fires inside Advance, before that read's own
    // answer is seen: the waiter reports an earlier read's. Every read, not only the second: the waiter is answered
    // from the first read on, but its deadline may start (on a busy machine) only after the second.
    private void PastTheDeadlineFromTheSecondRead(FakeTimeProvider clock, TimeSpan deadline)
    {
        if (reads >= 1)
        {
            clock.Advance(deadline);
        }
    }

    private static Task<IReadOnlyDictionary<string, NodeCondition>> Answer(params (string Name, NodeCondition Condition)[] nodes) =>
        Task.FromResult<IReadOnlyDictionary<string, NodeCondition>>(nodes.ToDictionary(n => n.Name, n => n.Condition, StringComparer.Ordinal));

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(Tick);
        }
    }

    /// <summary>Ten ticks later the count of reads has not moved.</summary>
    private async Task StaysAt(int count)
    {
        await Task.Delay(Tick * 10);
        reads.Should().Be(count);
    }
}
