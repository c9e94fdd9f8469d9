using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>The node a kubelet registers: name, labels, taints, addresses and node info.</summary>
internal sealed record NodeManifest(
    string Name,
    string InternalIp,
    string Hostname,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Taints,
    string OsImage,
    string KernelVersion)
{
    public JsonObject Node() => new()
    {
        ["kind"] = "Node",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = Name,
            ["labels"] = new JsonObject(AllLabels().Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["annotations"] = new JsonObject
            {
                ["node.alpha.kubernetes.io/ttl"] = "0",
                ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
            },
        },
        ["spec"] = Taints.Count == 0 ? new JsonObject() : new JsonObject { ["taints"] = new JsonArray([.. Taints.Select(Taint)]) },
    };

    /// <summary>The node status a heartbeat posts; Ready since <paramref name="readySince"/>, or not ready (stopping).</summary>
    public JsonObject Status(DateTimeOffset now, DateTimeOffset readySince, bool ready)
    {
        var heartbeat = NodeStore.Timestamp(now);
        JsonObject Condition(string type, string status, string reason, string message, DateTimeOffset since) => new()
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = heartbeat,
            ["lastTransitionTime"] = NodeStore.Timestamp(since),
            ["reason"] = reason,
            ["message"] = message,
        };

        return new JsonObject
        {
            ["capacity"] = Resources(),
            ["allocatable"] = Resources(),
            ["conditions"] = new JsonArray(
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", readySince),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", readySince),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", readySince),
                ready
                    ? Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", readySince)
                    : Condition("Ready", "False", "KubeletNotReady", "kubelet is stopping", now)),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = Hostname }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = "",
                ["systemUUID"] = "",
                ["bootID"] = "",
                ["kernelVersion"] = KernelVersion,
                ["osImage"] = OsImage,
                ["containerRuntimeVersion"] = "containerd://" + BuildInfo.Containerd.TrimStart('v'),
                ["kubeletVersion"] = BuildInfo.KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
    }

    private SortedDictionary<string, string> AllLabels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = Name,
            ["kubernetes.io/os"] = "linux",
        };
        foreach (var (key, value) in Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>A taint in k0s's flag form: key=value:Effect or key:Effect.</summary>
    private static JsonObject Taint(string text)
    {
        var (keyValue, effect) = text.LastIndexOf(':') is var colon and >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, "NoSchedule");
        var parts = keyValue.Split('=', 2);
        var taint = new JsonObject { ["key"] = parts[0], ["effect"] = effect };
        if (parts.Length == 2)
        {
            taint["value"] = parts[1];
        }

        return taint;
    }

    private static JsonObject Resources() => new()
    {
        ["cpu"] = "2",
        ["memory"] = "2Gi",
        ["pods"] = "110",
        ["ephemeral-storage"] = "20Gi",
    };
}
