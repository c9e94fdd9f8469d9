using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// WaitForNodeReady for many nodes at once: one loop reads every node's Ready condition a tick (one
/// `k0s kubectl get nodes` on one controller) and answers every waiter from that read, so 30 joining workers cost the
/// controller one request a tick, not 30. Each waiter keeps its own deadline, counted from when it started waiting;
/// the loop runs only while someone waits, and stops when the poll is disposed or its token is cancelled.
/// </summary>
/// <remarks>
/// A loop rather than a Polly pipeline (<see cref="Waits"/>): the deadlines belong to the waiters, not to the reads,
/// and a read that fails is only a reason to read again next tick (its error is what a waiter that times out reports).
/// </remarks>
internal sealed class NodeReadyPoll : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<IReadOnlyDictionary<string, NodeCondition>>> read;
    private readonly TimeSpan interval;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping;
    private readonly Lock gate = new();
    private readonly List<Waiter> waiters = [];
    private Task? loop;

    // The last read (when it began, and what it showed): a waiter that arrives within a tick of it is answered from
    // it, and a loop started again for a new waiter reads only a tick after it, so waiters that arrive one after
    // another never cost more than one read a tick.
    private Read? latest;
    private bool disposed;

    public NodeReadyPoll(
        Func<CancellationToken, Task<IReadOnlyDictionary<string, NodeCondition>>> read, TimeSpan interval, CancellationToken cancellationToken)
        : this(read, interval, TimeProvider.System, cancellationToken)
    {
    }

    /// <summary>As the other constructor, with the deadlines and pauses on <paramref name="time"/>'s clock.</summary>
    internal NodeReadyPoll(
        Func<CancellationToken, Task<IReadOnlyDictionary<string, NodeCondition>>> read, TimeSpan interval, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        this.read = read;
        this.interval = interval;
        this.time = time;
        stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Whoever still waits when the poll stops is told so at once, not at its deadline.
        stopping.Token.Register(() =>
        {
            foreach (var waiter in Waiting())
            {
                waiter.Cancel(stopping.Token);
            }
        });
    }

    /// <summary>Whether the loop runs now (it does only while someone waits).</summary>
    internal bool Polling
    {
        get
        {
            lock (gate)
            {
                return loop is not null;
            }
        }
    }

    /// <summary>Polls the nodes through <paramref name="controller"/>'s API, once every <see cref="Waits.PollInterval"/>.</summary>
    public static NodeReadyPoll On(HostSession controller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var command = K0sCommands.Kubectl("--request-timeout=5s", "get", "nodes", "-o", "json");
        return new NodeReadyPoll(async token =>
        {
            var result = await controller.ProbeAsync(command, token);
            return result.Succeeded
                ? NodeReadiness.ParseConditions(result.Stdout)
                : throw controller.Failure(command, result);
        }, Waits.PollInterval, cancellationToken);
    }

    /// <summary>
    /// Completes when <paramref name="node"/> is Ready; throws TimeoutException naming the node and what was last seen
    /// of it once <paramref name="timeout"/> has passed; cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public Task WaitAsync(string node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var waiter = new Waiter(this, node, timeout, time, cancellationToken);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (stopping.IsCancellationRequested)
            {
                return Task.FromCanceled(stopping.Token);
            }
            waiters.Add(waiter);
            loop ??= Task.Run(() => PollAsync(stopping.Token), CancellationToken.None);
        }
        waiter.Arm();
        if (Latest() is { } last && time.GetElapsedTime(last.Began) < interval)
        {
            waiter.Saw(last.Nodes, last.Error);
        }
        return waiter.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            running = loop;
        }
        await stopping.CancelAsync();
        if (running is not null)
        {
            await running;
        }
        stopping.Dispose();
    }

    private async Task PollAsync(CancellationToken token)
    {
        try
        {
            await TickAsync(token);
        }
        finally
        {
            // Stopped by the token (no new loop can start then), or Continues() has already let go of it.
            if (token.IsCancellationRequested)
            {
                lock (gate)
                {
                    loop = null;
                }
            }
        }
    }

    private async Task TickAsync(CancellationToken token)
    {
        while (Continues())
        {
            IReadOnlyDictionary<string, NodeCondition>? nodes = null;
            string? error = null;
            var began = time.GetTimestamp();
            try
            {
                if (Latest() is { } last && time.GetElapsedTime(last.Began) is var since && since < interval)
                {
                    await Task.Delay(interval - since, time, token);
                    began = time.GetTimestamp();
                }
                nodes = await read(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e.Message;
            }
            lock (gate)
            {
                latest = new Read(began, nodes, error);
            }
            foreach (var waiter in Waiting())
            {
                waiter.Saw(nodes, error);
            }
            if (!Continues())
            {
                return;
            }
            try
            {
                await Task.Delay(interval, time, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Whether anyone still waits; when nobody does the loop ends here, and the next waiter starts another.</summary>
    private bool Continues()
    {
        lock (gate)
        {
            if (waiters.Count > 0 && !stopping.IsCancellationRequested)
            {
                return true;
            }
            loop = null;
            return false;
        }
    }

    private Read? Latest()
    {
        lock (gate)
        {
            return latest;
        }
    }

    private List<Waiter> Waiting()
    {
        lock (gate)
        {
            return [.. waiters];
        }
    }

    /// <summary>Takes the waiter off the list; false when it had already finished.</summary>
    private bool Remove(Waiter waiter)
    {
        lock (gate)
        {
            return waiters.Remove(waiter);
        }
    }

    private sealed class Waiter(NodeReadyPoll poll, string node, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile string? lastSeen;
        private volatile string? lastError;

        public Task Task => done.Task;

        /// <summary>Starts the deadline; the caller's cancellation or the deadline, whichever comes first, ends the wait.</summary>
        public void Arm()
        {
            // The timeout counts from when the wait began, on the poll's clock (a fake one in unit tests).
            var timedOut = new CancellationTokenSource(timeout, time);
            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timedOut.Token);
            var registration = deadline.Token.Register(() =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Cancel(cancellationToken);
                }
                else
                {
                    Finish(() => done.TrySetException(new TimeoutException(
                        $"WaitForNodeReady {node}: not reached within {timeout.TotalSeconds:0} s (raise --timeout to wait longer); "
                        + $"last seen: {lastSeen ?? "no answer from the API yet"}" + (lastError is null ? "" : $"; last error: {lastError}"))));
                }
            });
            // Released once the wait is over, however it ended (the registration first: it may be running).
            done.Task.ContinueWith(_ =>
            {
                registration.Dispose();
                deadline.Dispose();
                timedOut.Dispose();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>What one read showed: the node's condition, or the error that read failed with.</summary>
        public void Saw(IReadOnlyDictionary<string, NodeCondition>? nodes, string? error)
        {
            if (nodes is null)
            {
                lastError = error;
                return;
            }
            lastError = null;
            if (!nodes.TryGetValue(node, out var condition))
            {
                lastSeen = "node not registered";
                return;
            }
            lastSeen = condition.ToString();
            if (condition.Ready)
            {
                Finish(() => done.TrySetResult());
            }
        }

        public void Cancel(CancellationToken token) => Finish(() => done.TrySetCanceled(token));

        private void Finish(Action result)
        {
            if (poll.Remove(this))
            {
                result();
            }
        }
    }

    /// <summary>One read of the nodes: when it began, and what it showed (the nodes, or why it failed).</summary>
    private sealed record Read(long Began, IReadOnlyDictionary<string, NodeCondition>? Nodes, string? Error);
}
