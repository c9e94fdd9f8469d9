using System.Diagnostics;
using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>Everything a phase sees: the cluster, the hosts' sessions, the options, the plan and the event sink.</summary>
public sealed class RunContext
{
    private readonly IEventSink sink;
    private readonly Dictionary<HostSession, Func<IHostConnection>> connections = [];

    public RunContext(ClusterModel cluster, RunOptions options, IEventSink sink, string operation)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
        Options = options;
        this.sink = sink;
        Operation = operation;
        var sessions = new List<HostSession>();
        foreach (var host in cluster.Hosts)
        {
            sessions.Add(new HostSession(host, out var connectionOf));
            connections[sessions[^1]] = connectionOf;
        }
        Sessions = sessions;
        Secrets.Add(cluster.LoadBalancer.AuthPass);
    }

    public ClusterModel Cluster { get; }
    public RunOptions Options { get; }
    public string Operation { get; }
    public IReadOnlyList<HostSession> Sessions { get; }
    public Plan Plan { get; } = new();
    public SecretRedactor Secrets { get; } = new();

    private readonly AsyncLocal<string?> startedIn = new();
    private string current = "";

    /// <summary>The phase running now, for events and plan items; within <see cref="RunBehind"/>, the phase that started it.</summary>
    public string Phase
    {
        get => startedIn.Value ?? current;
        internal set => current = value;
    }

    /// <summary>Starts work that may go on behind later phases: its events and plan items still say the phase that started it.</summary>
    public Task RunBehind(Func<Task> work)
    {
        var started = Phase;
        return Task.Run(() =>
        {
            startedIn.Value = started;
            return work();
        });
    }

    public HostSession Session(HostModel host) => Sessions.First(s => s.Host.Index == host.Index);

    /// <summary>The hosts this run reached; operations that tolerate dead hosts or need only some work on these.</summary>
    public IEnumerable<HostSession> Connected => Sessions.Where(s => s.IsConnected);

    public IEnumerable<HostSession> Controllers => Sessions.Where(s => s.Host.IsController);
    public IEnumerable<HostSession> Workers => Sessions.Where(s => s.Host.Role == HostRole.Worker);
    public IEnumerable<HostSession> LoadBalancers => Sessions.Where(s => s.Host.Role == HostRole.LoadBalancer);

    /// <summary>
    /// The one choke point for changing a host: runs the change, or under --dry-run records it in the plan instead.
    /// Either way the change is reported, so a dry run and a real run print the same list.
    /// </summary>
    /// <remarks>The change gets the only handle that can change a host; under --dry-run none is created.</remarks>
    public Task ChangeAsync(HostSession host, string action, Func<HostWriter, CancellationToken, Task> change, CancellationToken cancellationToken) =>
        ChangeAsync(host, action, null, change, cancellationToken);

    /// <summary>A change as above; with <paramref name="versions"/>, its events say which k0s version the host moves between.</summary>
    public async Task ChangeAsync(
        HostSession host, string action, VersionChange? versions, Func<HostWriter, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(change);
        // The phase that began the change: one that runs on behind later phases (WorkerBinaries) still reports as its own.
        var phase = Phase;
        Plan.Record(phase, host.Name, action);
        if (Options.DryRun)
        {
            Emit(new RunEvent { Event = EventKinds.PlanItem, Phase = phase, Host = host.Name, Action = action, From = versions?.From, To = versions?.To });
            return;
        }
        var clock = Stopwatch.StartNew();
        await change(Writer(host), cancellationToken);
        Emit(new RunEvent
        {
            Event = EventKinds.HostAction, Phase = phase, Host = host.Name, Action = action,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3), From = versions?.From, To = versions?.To,
        });
    }

    /// <summary>
    /// The other way to write on a host, for hactl's own bookkeeping (the run's lock), which is not part of the plan:
    /// a real run runs <paramref name="write"/> with a writer; under --dry-run, where hactl writes nothing at all, it
    /// runs <paramref name="readInstead"/>, which gets no writer.
    /// </summary>
    public Task<T> BookkeepAsync<T>(
        HostSession host, Func<HostWriter, CancellationToken, Task<T>> write, Func<CancellationToken, Task<T>> readInstead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(readInstead);
        return Options.DryRun ? readInstead(cancellationToken) : write(Writer(host), cancellationToken);
    }

    private HostWriter Writer(HostSession host) => new(connections[host], Writer);

    /// <summary>Runs work on the given hosts in parallel, at most --concurrency at once.</summary>
    public Task ForEachHostAsync<THost>(IEnumerable<THost> hosts, Func<THost, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            hosts,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Concurrency), CancellationToken = cancellationToken },
            async (host, token) => await work(host, token));

    public void Info(string message, HostSession? host = null) =>
        Emit(new RunEvent { Event = EventKinds.Info, Phase = Phase, Host = host?.Name, Message = message });

    public void Warn(string message, HostSession? host = null) =>
        Emit(new RunEvent { Event = EventKinds.Warning, Phase = Phase, Host = host?.Name, Message = message });

    /// <summary>Every event leaves through here, redacted and stamped.</summary>
    public void Emit(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        sink.Emit(Secrets.Redact(runEvent with { Time = DateTimeOffset.UtcNow, Operation = Operation }));
    }
}
