using System.Text.Json.Nodes;
using K0sStandIn.Kube;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>/api/v1/nodes: list (plain or as a table, with a name field selector), get, create, patch, delete.</summary>
internal sealed class NodesEndpoint(ApiContext context)
{
    private const string Resource = "nodes";

    public async Task HandleAsync(HttpContext http, string[] rest, CancellationToken ct)
    {
        var method = http.Request.Method;
        if (http.Request.Query["watch"] is { Count: > 0 } watch && watch[0] is "true" or "1")
        {
            await Responses.JsonAsync(http, KubeStatus.MethodNotAllowed());
            return;
        }

        var result = (rest, method) switch
        {
            ([], "GET") => await ListAsync(http, ct),
            ([], "POST") => await CreateAsync(http, ct),
            ([var name], "GET") => await GetAsync(http, name, ct),
            ([var name, "status"], "GET") => await GetAsync(http, name, ct),
            ([var name], "PATCH") => await PatchAsync(http, name, statusOnly: false, ct),
            ([var name, "status"], "PATCH") => await PatchAsync(http, name, statusOnly: true, ct),
            ([var name], "DELETE") => await DeleteAsync(name, ct),
            _ => KubeStatus.MethodNotAllowed(),
        };
        await Responses.JsonAsync(http, result.Code, result.Body);
    }

    private async Task<(int Code, JsonNode Body)> ListAsync(HttpContext http, CancellationToken ct)
    {
        var now = context.Clock.GetUtcNow();
        var stored = await context.Nodes.ListAsync(ct);
        var wanted = NameSelector(http.Request.Query["fieldSelector"].ToString());
        var nodes = stored.Where(n => wanted is null || n.Name == wanted).Select(n => NodeView.Present(n, now)).ToList();
        return WantsTable(http)
            ? (200, NodeView.Table(nodes, now))
            : (200, NodeView.List(nodes, stored.Count == 0 ? 1 : stored.Max(n => n.Revision)));
    }

    private async Task<(int Code, JsonNode Body)> GetAsync(HttpContext http, string name, CancellationToken ct)
    {
        if (await context.Nodes.GetAsync(name, ct) is not { } stored)
        {
            return KubeStatus.NotFound(Resource, name);
        }

        var node = NodeView.Present(stored, context.Clock.GetUtcNow());
        return WantsTable(http) ? (200, NodeView.Table([node], context.Clock.GetUtcNow())) : (200, node);
    }

    private async Task<(int Code, JsonNode Body)> CreateAsync(HttpContext http, CancellationToken ct)
    {
        if (await Responses.ReadJsonAsync(http) is not JsonObject node || node["metadata"]?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return KubeStatus.BadRequest("Node \"\" is invalid: metadata.name: Required value: name or generateName is required");
        }

        var created = await context.Nodes.CreateAsync(node, context.Clock.GetUtcNow(), ct);
        return created is null ? KubeStatus.AlreadyExists(Resource, name) : (201, NodeView.Present(created, context.Clock.GetUtcNow()));
    }

    private async Task<(int Code, JsonNode Body)> PatchAsync(HttpContext http, string name, bool statusOnly, CancellationToken ct)
    {
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal)
            && !contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal))
        {
            return KubeStatus.UnsupportedMediaType(contentType);
        }

        var patch = await Responses.ReadJsonAsync(http);
        var updated = await context.Nodes.UpdateAsync(name, current => Patched(current, patch, statusOnly), ct);
        return updated is null ? KubeStatus.NotFound(Resource, name) : (200, NodeView.Present(updated, context.Clock.GetUtcNow()));
    }

    private async Task<(int Code, JsonNode Body)> DeleteAsync(string name, CancellationToken ct) =>
        await context.Nodes.DeleteAsync(name, ct) is { } deleted
            ? (200, NodeView.Present(deleted, context.Clock.GetUtcNow()))
            : KubeStatus.NotFound(Resource, name);

    // The main resource ignores status changes and the status subresource ignores everything else, as in Kubernetes.
    private static JsonObject Patched(JsonObject current, JsonNode? patch, bool statusOnly)
    {
        var result = (JsonObject)JsonMergePatch.Apply(current, patch)!;
        var identity = current["metadata"]!;
        var metadata = result["metadata"] as JsonObject ?? [];
        foreach (var field in new[] { "name", "uid", "creationTimestamp" })
        {
            metadata[field] = identity[field]?.DeepClone();
        }

        result["metadata"] = statusOnly ? identity.DeepClone() : metadata;
        if (statusOnly)
        {
            result["spec"] = current["spec"]?.DeepClone();
        }
        else
        {
            result["status"] = current["status"]?.DeepClone();
        }

        return result;
    }

    private static bool WantsTable(HttpContext http) =>
        http.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static string? NameSelector(string selector) =>
        selector.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(term => term.Replace("==", "=", StringComparison.Ordinal).Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0] == "metadata.name")
            .Select(kv => kv[1])
            .FirstOrDefault();
}
