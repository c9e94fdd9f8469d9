using System.Text.Json.Nodes;
using K0sStandIn.Kube;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>
/// The Kubernetes API subset kubectl and the stand-in's workers use: health, version, discovery, nodes, empty pod
/// lists, namespaces and certificate signing requests for kubelet bootstrap.
/// </summary>
internal sealed class KubeApi(ApiContext context)
{
    private static readonly string[] PublicPaths = ["readyz", "livez", "healthz", "version"];
    private static readonly string[] Namespaces = ["default", "kube-node-lease", "kube-public", "kube-system"];
    private readonly NodesEndpoint _nodes = new(context);

    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var segments = http.Request.Path.Value?.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var caller = await Caller.AuthenticateAsync(http, context.Tokens, context.Clock.GetUtcNow(), ct);
        if (caller is null)
        {
            await Responses.JsonAsync(http, KubeStatus.Unauthorized());
            return;
        }

        var first = segments.Length > 0 ? segments[0] : "";
        if (segments.Length == 1 && PublicPaths.Contains(first))
        {
            await PublicAsync(http, first, ct);
            return;
        }

        if (caller.IsAnonymous || (caller.IsBootstrap && !IsCsr(segments)))
        {
            await Responses.JsonAsync(http, KubeStatus.Forbidden(caller.User, http.Request.Method.ToLowerInvariant(), http.Request.Path.Value ?? "/"));
            return;
        }

        await RouteAsync(http, segments, ct);
    }

    private static bool IsCsr(string[] s) => s.Length >= 4 && s[0] == "apis" && s[1] == "certificates.k8s.io" && s[3] == "certificatesigningrequests";

    private async Task PublicAsync(HttpContext http, string path, CancellationToken ct)
    {
        if (path == "version")
        {
            await Responses.JsonAsync(http, 200, KubeVersion.Json());
            return;
        }

        var (code, body) = await context.Health.CheckAsync(path, http.Request.Query.ContainsKey("verbose"), ct);
        await Responses.TextAsync(http, code, body);
    }

    private async Task RouteAsync(HttpContext http, string[] s, CancellationToken ct)
    {
        var get = http.Request.Method == HttpMethods.Get;
        switch (s)
        {
            case ["api"] when get:
                await Responses.JsonAsync(http, 200, Discovery.Versions(context.AdvertisedAddress));
                break;
            case ["apis"] when get:
                await Responses.JsonAsync(http, 200, Discovery.Groups());
                break;
            case ["api", var version] when get:
                await ResourcesAsync(http, version);
                break;
            case ["apis", var group, var version] when get:
                await ResourcesAsync(http, $"{group}/{version}");
                break;
            case ["api", "v1", "nodes", ..]:
                await _nodes.HandleAsync(http, s[3..], ct);
                break;
            case ["api", "v1", "pods"] or ["api", "v1", "namespaces", _, "pods"] when get:
                await Responses.JsonAsync(http, 200, EmptyList("PodList", "v1"));
                break;
            case ["apis", "coordination.k8s.io", "v1", "namespaces", _, "leases"] when get:
                await Responses.JsonAsync(http, 200, EmptyList("LeaseList", "coordination.k8s.io/v1"));
                break;
            case ["api", "v1", "namespaces"] when get:
                await Responses.JsonAsync(http, 200, new JsonObject
                {
                    ["kind"] = "NamespaceList",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject(),
                    ["items"] = new JsonArray([.. Namespaces.Select(Namespace)]),
                });
                break;
            case ["api", "v1", "namespaces", var name] when get:
                await Responses.JsonAsync(http, Namespaces.Contains(name) ? (200, Namespace(name)) : KubeStatus.NotFound("namespaces", name));
                break;
            case ["apis", "certificates.k8s.io", "v1", "certificatesigningrequests"] when http.Request.Method == HttpMethods.Post:
                await Responses.JsonAsync(http, await CertificateSigning.SignAsync(http, context));
                break;
            default:
                await Responses.JsonAsync(http, KubeStatus.NoSuchPath());
                break;
        }
    }

    private static async Task ResourcesAsync(HttpContext http, string groupVersion)
    {
        var resources = Discovery.Resources(groupVersion);
        await Responses.JsonAsync(http, resources is null ? KubeStatus.NoSuchPath() : (200, resources));
    }

    private static JsonObject EmptyList(string kind, string apiVersion) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = "1" },
        ["items"] = new JsonArray(),
    };

    private static JsonObject Namespace(string name) => new()
    {
        ["kind"] = "Namespace",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
        ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };
}
