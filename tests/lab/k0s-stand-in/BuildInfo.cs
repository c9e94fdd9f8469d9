using System.Reflection;

namespace K0sStandIn;

/// <summary>
/// The k0s release this stand-in answers as, and its components' versions. The release is set when the stand-in
/// is published (<c>-p:StandInVersion=v1.34.1+k0s.0</c>, default in K0sStandIn.csproj) and compiled into the binary
/// as assembly metadata, so <c>k0s version</c> follows the file on disk and a running service keeps the version it
/// started with until it is restarted, as real k0s does.
/// </summary>
internal static class BuildInfo
{
    /// <summary>The k0s release, e.g. <c>v1.33.4+k0s.0</c> (validated by the build).</summary>
    public static readonly string Version = typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(a => a.Key == "StandInVersion")?.Value
        ?? throw new InvalidOperationException("the stand-in was built without its StandInVersion metadata");

    /// <summary>The Kubernetes release it bundles: the k0s release without its <c>+k0s.N</c>, e.g. <c>v1.33.4</c>.</summary>
    public static readonly string KubernetesVersion = Version[..Version.IndexOf('+', StringComparison.Ordinal)];

    /// <summary>What its kubelet and kube-apiserver report: <c>v1.33.4+k0s</c>.</summary>
    public static readonly string KubeletVersion = KubernetesVersion + "+k0s";

    /// <summary>Kubernetes' major and minor, as <c>/version</c> splits them.</summary>
    public static readonly (int Major, int Minor) KubernetesMinor = ParseMinor(KubernetesVersion);

    public const string Runc = "v1.3.0";
    public const string Containerd = "v1.7.27";
    public const string Kine = "v0.13.15";
    public const string Konnectivity = "v0.31.0";

    /// <summary>The one place, besides the first log line, where the stand-in says what it is.</summary>
    public const string StandInLine = "stand-in: true (hactl lab)";

    private static (int, int) ParseMinor(string kubernetes)
    {
        var parts = kubernetes.TrimStart('v').Split('.', 3);
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
