using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Rendering;

namespace HaCluster.Phases;

/// <summary>
/// One round trip a host: hostname, addresses, installed k0s, unit states and the hashes of the files hactl
/// manages there. Fills in what the spec left to discovery (the private interface).
/// </summary>
public sealed class GatherFactsPhase : Phase
{
    public override string Title => "Gather facts";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        // Which files a host holds does not depend on facts, so a first render names them.
        var managedPaths = ClusterRenderer.RenderAll(context.Cluster)
            .ToLookup(f => f.Host.Index, f => f.Path);
        return context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            string[] paths = [.. managedPaths[host.Host.Index], K0sPaths.Binary];
            var facts = FactsScript.Parse(await host.QueryAsync(FactsScript.Command(host.Host.DataDir, paths), token));
            host.Facts.Set(facts);
            if (host.Host.PrivateInterface is null && facts.FindAddress(host.Host.PrivateAddress) is { } address)
            {
                host.Host = host.Host with { PrivateInterface = address.Interface };
            }
        }, cancellationToken);
    }
}
