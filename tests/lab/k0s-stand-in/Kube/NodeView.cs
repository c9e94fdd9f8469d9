using System.Globalization;
using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>
/// How a stored node is served: with its resourceVersion, and with Ready turned Unknown once its kubelet has stopped
/// heartbeating for the node monitor grace period, as the node lifecycle controller does.
/// </summary>
internal static class NodeView
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(40);

    public static JsonObject Present(StoredNode stored, DateTimeOffset now)
    {
        var node = (JsonObject)stored.Node.DeepClone();
        node["kind"] = "Node";
        node["apiVersion"] = "v1";
        node["metadata"]!["resourceVersion"] = stored.Revision.ToString(CultureInfo.InvariantCulture);
        if (ReadyCondition(node) is { } ready
            && ready["status"]?.GetValue<string>() == "True"
            && DateTimeOffset.TryParse(ready["lastHeartbeatTime"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var heartbeat)
            && now - heartbeat > GracePeriod)
        {
            ready["status"] = "Unknown";
            ready["reason"] = "NodeStatusUnknown";
            ready["message"] = "Kubelet stopped posting node status.";
            ready["lastTransitionTime"] = NodeStore.Timestamp(heartbeat + GracePeriod);
        }

        return node;
    }

    public static JsonObject List(IEnumerable<JsonObject> nodes, long revision) => new()
    {
        ["kind"] = "NodeList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. nodes]),
    };

    /// <summary>The server-side table kubectl prints (NAME STATUS ROLES AGE VERSION, more with -o wide).</summary>
    public static JsonObject Table(IEnumerable<JsonObject> nodes, DateTimeOffset now) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
        ["columnDefinitions"] = new JsonArray(
            Column("Name", "name", 0), Column("Status", "", 0), Column("Roles", "", 0), Column("Age", "", 0), Column("Version", "", 0),
            Column("Internal-IP", "", 1), Column("External-IP", "", 1), Column("OS-Image", "", 1), Column("Kernel-Version", "", 1), Column("Container-Runtime", "", 1)),
        ["rows"] = new JsonArray([.. nodes.Select(n => Row(n, now))]),
    };

    public static JsonObject? ReadyCondition(JsonNode node) =>
        (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");

    private static JsonObject Row(JsonObject node, DateTimeOffset now)
    {
        var info = node["status"]?["nodeInfo"];
        var created = DateTimeOffset.Parse(node["metadata"]!["creationTimestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["cells"] = new JsonArray(
                node["metadata"]!["name"]!.GetValue<string>(),
                StatusText(node),
                Roles(node),
                HumanDuration.Format(now - created),
                info?["kubeletVersion"]?.GetValue<string>() ?? "",
                Address(node, "InternalIP"),
                Address(node, "ExternalIP"),
                info?["osImage"]?.GetValue<string>() ?? "<unknown>",
                info?["kernelVersion"]?.GetValue<string>() ?? "<unknown>",
                info?["containerRuntimeVersion"]?.GetValue<string>() ?? "<unknown>"),
            ["object"] = node.DeepClone(),
        };
    }

    private static string StatusText(JsonObject node)
    {
        var ready = ReadyCondition(node)?["status"]?.GetValue<string>() == "True" ? "Ready" : "NotReady";
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? ready + ",SchedulingDisabled" : ready;
    }

    private static string Roles(JsonObject node)
    {
        const string rolePrefix = "node-role.kubernetes.io/";
        var roles = (node["metadata"]?["labels"] as JsonObject ?? [])
            .Select(l => l.Key)
            .Where(k => k.StartsWith(rolePrefix, StringComparison.Ordinal) && k.Length > rolePrefix.Length)
            .Select(k => k[rolePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string Address(JsonObject node, string type) =>
        (node["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(a => a["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>() ?? "<none>";

    private static JsonObject Column(string name, string format, int priority) => new()
    {
        ["name"] = name,
        ["type"] = "string",
        ["format"] = format,
        ["description"] = "",
        ["priority"] = priority,
    };
}
