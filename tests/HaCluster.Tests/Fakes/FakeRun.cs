using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Tests.Fakes;

/// <summary>Collects every event of a run, for assertions.</summary>
internal sealed class RecordingSink : IEventSink
{
    public ConcurrentQueue<RunEvent> Events { get; } = new();

    public void Emit(RunEvent runEvent) => Events.Enqueue(runEvent);
}

/// <summary>
/// A run over a test cluster whose hosts are <see cref="FakeHost"/>s: every session connected to its fake, and the
/// typed state phases receive built from facts the test chooses (what GatherFactsPhase would have learnt).
/// </summary>
internal sealed class FakeRun
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public FakeRun(ClusterModel cluster, RunOptions? options = null, string operation = "apply", Func<HostSession, bool>? reached = null)
    {
        Context = new RunContext(cluster, options ?? new RunOptions(), Sink, operation);
        foreach (var session in Context.Sessions.Where(reached ?? (_ => true)))
        {
            var fake = new FakeHost(session.Name, Journal);
            session.Attach(fake);
            Hosts[session.Name] = fake;
        }
    }

    public RecordingSink Sink { get; } = new();

    /// <summary>Every command and upload on every fake, in the order they happened, as "host: command".</summary>
    public ConcurrentQueue<string> Journal { get; } = new();

    public RunContext Context { get; }

    public Dictionary<string, FakeHost> Hosts { get; } = [];

    public FakeHost this[string host] => Hosts[host];

    /// <summary>Every fake's commands, for "nothing ran" assertions.</summary>
    public IEnumerable<string> AllCommands => Hosts.Values.SelectMany(h => h.Commands);

    /// <summary>The state after gathering: every connected host with the facts <paramref name="facts"/> gives it (Ubuntu everywhere).</summary>
    public GatheredCluster<OsDetected> Gathered(Func<HostSession, HostFacts>? facts = null)
    {
        var connected = Context.Connected.ToList();
        var os = new OsDetected(connected.ToDictionary(s => s, _ => new OsInfo("ubuntu", "24.04", "Ubuntu 24.04", OsFamily.Debian)));
        var hosts = connected.Select(s => new GatheredHost(s, s.Host, (facts ?? (h => Facts(h.Name)))(s))).ToList();
        return new GatheredCluster<OsDetected>(os, Context.Cluster, hosts);
    }

    /// <summary>Facts of a plain reachable root host with nothing installed.</summary>
    public static HostFacts Facts(string hostname) => new()
    {
        Hostname = hostname, Arch = "x86_64", Uid = 0, Clock = Now, Addresses = [],
    };
}
