using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>What kube-apiserver answers on /version: the Kubernetes release this (running) stand-in was built as.</summary>
internal static class KubeVersion
{
    public static JsonObject Json() => new()
    {
        ["major"] = Text(BuildInfo.KubernetesMinor.Major),
        ["minor"] = Text(BuildInfo.KubernetesMinor.Minor),
        ["emulationMajor"] = Text(BuildInfo.KubernetesMinor.Major),
        ["emulationMinor"] = Text(BuildInfo.KubernetesMinor.Minor),
        ["minCompatibilityMajor"] = Text(BuildInfo.KubernetesMinor.Major),
        ["minCompatibilityMinor"] = Text(BuildInfo.KubernetesMinor.Minor - 1),
        ["gitVersion"] = BuildInfo.KubeletVersion,
        ["gitCommit"] = "f0c4a9a5fd4d6c3b9e2f0c1d7a8b5e6f4c3d2e1a",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-08-15T12:00:00Z",
        ["goVersion"] = "go1.24.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
