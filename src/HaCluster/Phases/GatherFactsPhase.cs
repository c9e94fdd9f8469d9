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
/// receive; what was learnt before (<typeparamref name="TBefore"/>, for apply each host's OS) travels with it.
/// </summary>
public sealed class GatherFactsPhase<TBefore> : Phase<TBefore, GatheredCluster<TBefore>>
{
    public override string Title => "Gather facts";

    public override async Task<GatheredCluster<TBefore>> RunAsync(RunContext context, TBefore state, CancellationToken cancellationToken)
    {
        // Which files a host holds does not depend on facts, so a first render names them.
        var managedPaths = ClusterRenderer.RenderAll(context.Cluster).ToLookup(f => f.Host.Index, f => f.Path);
        var facts = new ConcurrentDictionary<HostSession, HostFacts>();
        await context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            string[] paths = [.. managedPaths[host.Host.Index], K0sPaths.Binary, K0sPaths.StagedBinary];
            facts[host] = FactsScript.Parse(await host.QueryAsync(FactsScript.Command(host.Host.DataDir, paths), token));
        }, cancellationToken);

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
