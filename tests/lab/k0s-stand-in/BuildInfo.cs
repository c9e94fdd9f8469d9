namespace K0sStandIn;

/// <summary>The k0s release this stand-in answers as, and its components' versions.</summary>
internal static class BuildInfo
{
    public const string Version = "v1.33.4+k0s.0";
    public const string KubernetesVersion = "v1.33.4";
    public const string KubeletVersion = "v1.33.4+k0s";
    public const string Runc = "v1.3.0";
    public const string Containerd = "v1.7.27";
    public const string Kine = "v0.13.15";
    public const string Konnectivity = "v0.31.0";

    /// <summary>The one place, besides the first log line, where the stand-in says what it is.</summary>
    public const string StandInLine = "stand-in: true (hactl lab)";
}
