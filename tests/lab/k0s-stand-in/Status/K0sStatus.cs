using System.Text.Json;
using System.Text.Json.Nodes;

namespace K0sStandIn.Status;

/// <summary>What the status socket answers, with k0s's (Go) field names. Setters, not init: see ClusterConfig.cs.</summary>
internal sealed record K0sStatus
{
    public string Version { get; set; } = "";
    public int Pid { get; set; }
    public int PPid { get; set; }
    public string Role { get; set; } = "";
    public string SysInit { get; set; } = "";
    public string StubFile { get; set; } = "";
    public string Output { get; set; } = "";
    public bool Workloads { get; set; }
    public bool SingleNode { get; set; }
    public IReadOnlyList<string> Args { get; set; } = [];
    public ProbeStatus WorkerToAPIConnectionStatus { get; set; } = new();

    /// <summary>The running config (null on workers), serialised with k0s's YAML/JSON field names.</summary>
    public JsonNode? ClusterConfig { get; set; }

    public JsonNode? K0sVars { get; set; }
}

internal sealed record ProbeStatus
{
    public string Message { get; set; } = "";
    public bool Success { get; set; }
}
