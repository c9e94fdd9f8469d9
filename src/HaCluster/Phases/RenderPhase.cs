using HaCluster.Pipeline;
using HaCluster.Rendering;

namespace HaCluster.Phases;

/// <summary>The files each host should hold, rendered from the model refined by facts (e.g. the discovered interface).</summary>
public sealed class RenderPhase : Phase
{
    public override string Title => "Render configuration";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Cluster with { Hosts = context.Sessions.Select(s => s.Host).ToList() };
        var files = ClusterRenderer.RenderAll(cluster).ToLookup(f => f.Host.Index);
        foreach (var host in context.Sessions)
        {
            host.Facts.Set(new DesiredFiles([.. files[host.Host.Index]]));
        }
        return Task.CompletedTask;
    }
}

/// <summary>The rendered files a host should hold.</summary>
public sealed record DesiredFiles(IReadOnlyList<RenderedFile> Files)
{
    public RenderedFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);
}
