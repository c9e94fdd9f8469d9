using HaCluster.Model;

namespace HaCluster.Rendering;

/// <summary>Every file apply would write, per host, in host order then path order. Pure: same model, same bytes.</summary>
public static class ClusterRenderer
{
    public static IReadOnlyList<RenderedFile> RenderAll(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        // Identical on every LB host: rendered once.
        var haproxy = cluster.LoadBalancer.Type == LoadBalancerType.HaproxyKeepalived ? HaproxyConfigRenderer.Render(cluster) : null;
        var checkScript = haproxy is null ? null : KeepalivedConfigRenderer.RenderCheckScript(cluster);

        return cluster.Hosts
            .SelectMany(host => FilesFor(cluster, host, haproxy, checkScript).OrderBy(file => file.Path, StringComparer.Ordinal))
            .ToList();
    }

    // Workers get nothing: k0s workers take no config file, only a join token.
    private static IEnumerable<RenderedFile> FilesFor(ClusterModel cluster, HostModel host, string? haproxy, string? checkScript)
    {
        if (host.Role == HostRole.LoadBalancer && haproxy is not null && checkScript is not null)
        {
            yield return File(host, ManagedFiles.HaproxyConfig, haproxy);
            yield return File(host, ManagedFiles.KeepalivedConfig, KeepalivedConfigRenderer.Render(cluster, host));
            yield return File(host, ManagedFiles.KeepalivedCheckScript, checkScript);
        }

        if (host.IsController)
        {
            yield return File(host, ManagedFiles.K0sConfig, K0sConfigRenderer.Render(cluster, host));
        }
    }

    private static RenderedFile File(HostModel host, ManagedFile file, string content) => new(host, file.Path, content, file.Mode);
}
