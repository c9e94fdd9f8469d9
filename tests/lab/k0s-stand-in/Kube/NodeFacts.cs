using K0sStandIn.Hosting;

namespace K0sStandIn.Kube;

/// <summary>The node manifest of this machine, from its hostname, addresses, os-release and kernel.</summary>
internal static class NodeFacts
{
    public static NodeManifest Manifest(HostFacts host, string? nodeIp, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> taints) => new(
        host.NodeName,
        nodeIp ?? host.FirstPublicAddress ?? "127.0.0.1",
        host.NodeName,
        labels,
        taints,
        OsImage(),
        ReadTrimmed("/proc/sys/kernel/osrelease") ?? "unknown");

    private static string OsImage()
    {
        const string osRelease = "/etc/os-release";
        var pretty = File.Exists(osRelease)
            ? File.ReadLines(osRelease).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            : null;
        return pretty?["PRETTY_NAME=".Length..].Trim('"') ?? "Linux";
    }

    private static string? ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
