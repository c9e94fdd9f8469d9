using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>
/// The API discovery documents kubectl reads before it acts. Only the legacy (unaggregated) forms are served:
/// kubectl asks for aggregated discovery first and falls back to these when the answer is plain JSON.
/// </summary>
internal static class Discovery
{
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] ReadOnly = ["get", "list"];

    public static JsonObject Versions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Group("certificates.k8s.io"), Group("coordination.k8s.io")),
    };

    /// <summary>The resources of a group version, or null if it is not served.</summary>
    public static JsonObject? Resources(string groupVersion) => groupVersion switch
    {
        "v1" => ResourceList("v1",
            Resource("nodes", "node", "Node", false, ReadWrite, "no"),
            Resource("nodes/status", "", "Node", false, ["get", "patch", "update"]),
            Resource("pods", "pod", "Pod", true, ReadOnly, "po"),
            Resource("namespaces", "namespace", "Namespace", false, ReadOnly, "ns")),
        "certificates.k8s.io/v1" => ResourceList(groupVersion,
            Resource("certificatesigningrequests", "certificatesigningrequest", "CertificateSigningRequest", false, ["create", "get"], "csr")),
        "coordination.k8s.io/v1" => ResourceList(groupVersion,
            Resource("leases", "lease", "Lease", true, ReadOnly)),
        _ => null,
    };

    private static JsonObject Group(string name)
    {
        var version = new JsonObject { ["groupVersion"] = $"{name}/v1", ["version"] = "v1" };
        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = new JsonArray(version),
            ["preferredVersion"] = version.DeepClone(),
        };
    }

    private static JsonObject ResourceList(string groupVersion, params JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources),
    };

    private static JsonObject Resource(string name, string singular, string kind, bool namespaced, string[] verbs, params string[] shortNames)
    {
        var resource = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = singular,
            ["namespaced"] = namespaced,
            ["kind"] = kind,
            ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
        };
        if (shortNames.Length > 0)
        {
            resource["shortNames"] = new JsonArray([.. shortNames.Select(s => (JsonNode)s)]);
        }

        return resource;
    }
}
