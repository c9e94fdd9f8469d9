using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// One round trip a host: hostname, addresses, installed k0s, unit states and the hashes of the files hactl
/// manages there. Fills in what the spec left to discovery (the private interface) in the model that later phases
/// receive; what was learnt before (<typeparamref name="TBefore"/>) travels with it. For the read-only operations;
/// the changing ones read the same facts in <see cref="SurveyHostsPhase"/>'s round trip.
/// </summary>
public sealed class GatherFactsPhase<TBefore> : Phase<TBefore, GatheredCluster<TBefore>>
{
    public override string Title => "Gather facts";

    public override async Task<GatheredCluster<TBefore>> RunAsync(RunContext context, TBefore state, CancellationToken cancellationToken)
    {
        var managedPaths = FactsGathering.ManagedPaths(context);
        var facts = new ConcurrentDictionary<HostSession, HostFacts>();
        await context.ForEachHostAsync(context.Connected, async (host, token) =>
            facts[host] = FactsScript.Parse(await host.QueryAsync(FactsScript.Command(host.Host.DataDir, managedPaths[host.Host.Index]), token)),
            cancellationToken);
        return FactsGathering.Assemble(context, state, facts);
    }
}

/// <summary>What every reading of facts shares: which files to look at, and the gathered cluster built from the answers.</summary>
internal static class FactsGathering
{
    /// <summary>The files hactl manages on each host, the k0s binary and its staged successor included.</summary>
    // Which files a host holds does not depend on facts, so a first render names them.
    public static ILookup<int, string> ManagedPaths(RunContext context) =>
        ClusterRenderer.RenderAll(context.Cluster).Select(f => (f.Host.Index, f.Path))
            .Concat(context.Cluster.Hosts.SelectMany(h => new[] { (h.Index, Path: K0sPaths.Binary), (h.Index, Path: K0sPaths.StagedBinary) }))
            .ToLookup(f => f.Index, f => f.Path);

    public static GatheredCluster<TBefore> Assemble<TBefore>(RunContext context, TBefore state, IReadOnlyDictionary<HostSession, HostFacts> facts)
    {
        var hosts = context.Sessions.Where(facts.ContainsKey)
            .Select(s => new GatheredHost(s, Refine(s, facts[s]), facts[s]))
            .ToList();
        var refined = hosts.ToDictionary(h => h.Host.Index, h => h.Host);
        var cluster = context.Cluster with { Hosts = [.. context.Cluster.Hosts.Select(h => refined.GetValueOrDefault(h.Index, h))] };
        return new GatheredCluster<TBefore>(state, cluster, hosts);
    }

    private static Model.HostModel Refine(HostSession host, HostFacts facts) =>
        host.Host.PrivateInterface is null && facts.FindAddress(host.Host.PrivateAddress) is { } address
            ? host.Host with { PrivateInterface = address.Interface }
            : host.Host;
}
