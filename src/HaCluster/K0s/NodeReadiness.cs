using System.Text.Json;

namespace HaCluster.K0s;

/// <summary>A node's Ready condition as the API reports it: whether it is True, and what it said otherwise.</summary>
public sealed record NodeCondition(string Status, string? Reason = null, string? Message = null)
{
    public bool Ready => Status == "True";

    public override string ToString()
    {
        var said = string.Join(": ", new[] { Reason, Message }.Where(s => !string.IsNullOrEmpty(s)));
        return said.Length == 0 ? $"Ready={Status}" : $"Ready={Status} ({said})";
    }
}

/// <summary>`k0s kubectl get nodes -o json`: each node's name and its Ready condition.</summary>
public static class NodeReadiness
{
    /// <summary>The status a node has before its kubelet has posted a Ready condition.</summary>
    public const string NoCondition = "none";

    public static IReadOnlyDictionary<string, bool> Parse(string json) =>
        ParseConditions(json).ToDictionary(n => n.Key, n => n.Value.Ready, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, NodeCondition> ParseConditions(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("items").EnumerateArray().ToDictionary(
            node => node.GetProperty("metadata").GetProperty("name").GetString() ?? "",
            Ready,
            StringComparer.Ordinal);
    }

    private static NodeCondition Ready(JsonElement node)
    {
        if (node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions))
        {
            foreach (var condition in conditions.EnumerateArray())
            {
                if (condition.GetProperty("type").GetString() == "Ready")
                {
                    return new NodeCondition(condition.GetProperty("status").GetString() ?? NoCondition,
                        Text(condition, "reason"), Text(condition, "message"));
                }
            }
        }
        return new NodeCondition(NoCondition);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
