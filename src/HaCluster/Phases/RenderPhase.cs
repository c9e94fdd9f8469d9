using HaCluster.Pipeline;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>The files each host should hold, rendered from the model refined by facts (e.g. the discovered interface).</summary>
public sealed class RenderPhase : Phase<GatheredCluster<OsDetected>, RenderedCluster>
{
    public override string Title => "Render configuration";

    public override Task<RenderedCluster> RunAsync(RunContext context, GatheredCluster<OsDetected> cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Task.FromResult(new RenderedCluster(cluster, cluster.Before, ClusterRenderer.RenderAll(cluster.Cluster)));
    }
}
