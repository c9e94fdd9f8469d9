using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>What kube-apiserver answers on /version.</summary>
internal static class KubeVersion
{
    public static JsonObject Json() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "33",
        ["minCompatibilityMajor"] = "1",
        ["minCompatibilityMinor"] = "32",
        ["gitVersion"] = BuildInfo.KubeletVersion,
        ["gitCommit"] = "f0c4a9a5fd4d6c3b9e2f0c1d7a8b5e6f4c3d2e1a",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-08-15T12:00:00Z",
        ["goVersion"] = "go1.24.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
