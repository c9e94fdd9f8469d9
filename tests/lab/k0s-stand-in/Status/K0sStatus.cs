using System.Text.Json;
using System.Text.Json.Nodes;

namespace K0sStandIn.Status;

/// <summary>What the status socket answers, with k0s's (Go) field names.</summary>
internal sealed record K0sStatus
{
    public string Version { get; init; } = "";
    public int Pid { get; init; }
    public int PPid { get; init; }
    public string Role { get; init; } = "";
    public string SysInit { get; init; } = "";
    public string StubFile { get; init; } = "";
    public string Output { get; init; } = "";
    public bool Workloads { get; init; }
    public bool SingleNode { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public ProbeStatus WorkerToAPIConnectionStatus { get; init; } = new();

    /// <summary>The running config (null on workers), serialised with k0s's YAML/JSON field names.</summary>
    public JsonNode? ClusterConfig { get; init; }

    public JsonNode? K0sVars { get; init; }

    /// <summary>Go's encoding/json field names are the struct's: keep the C# names as they are.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };
}

internal sealed record ProbeStatus
{
    public string Message { get; init; } = "";
    public bool Success { get; init; }
}
