using System.Text.Json;

namespace HaCluster.K0s;

/// <summary>`k0s kubectl get nodes -o json`: each node's name and whether its Ready condition is True.</summary>
public static class NodeReadiness
{
    public static IReadOnlyDictionary<string, bool> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("items").EnumerateArray().ToDictionary(
            node => node.GetProperty("metadata").GetProperty("name").GetString() ?? "",
            node => node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
                && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True"),
            StringComparer.Ordinal);
    }
}
