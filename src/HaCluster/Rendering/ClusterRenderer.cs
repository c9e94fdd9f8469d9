using HaCluster.Model;

namespace HaCluster.Rendering;

/// <summary>Every file apply would write, per host, in host order then path order. Pure: same model, same bytes.</summary>
public static class ClusterRenderer
{
    // Placeholder until the renderers land; replaced by the real composition of the renderers.
    public static IReadOnlyList<RenderedFile> RenderAll(ClusterModel cluster) =>
        throw new NotImplementedException("renderers are not written yet");
}
