using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>Kubernetes <c>Status</c> objects, so kubectl prints e.g. <c>Error from server (NotFound): nodes "x" not found</c>.</summary>
internal static class KubeStatus
{
    public static (int Code, JsonObject Body) NotFound(string resource, string name) =>
        Failure(404, "NotFound", $"{resource} \"{name}\" not found", resource, name);

    public static (int Code, JsonObject Body) NoSuchPath() =>
        Failure(404, "NotFound", "the server could not find the requested resource", null, null);

    public static (int Code, JsonObject Body) AlreadyExists(string resource, string name) =>
        Failure(409, "AlreadyExists", $"{resource} \"{name}\" already exists", resource, name);

    public static (int Code, JsonObject Body) Unauthorized() => Failure(401, "Unauthorized", "Unauthorized", null, null);

    public static (int Code, JsonObject Body) Forbidden(string user, string verb, string path) =>
        Failure(403, "Forbidden", $"forbidden: User \"{user}\" cannot {verb} path \"{path}\"", null, null);

    public static (int Code, JsonObject Body) MethodNotAllowed() => Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null);

    public static (int Code, JsonObject Body) UnsupportedMediaType(string contentType) =>
        Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json; got {contentType}", null, null);

    public static (int Code, JsonObject Body) BadRequest(string message) => Failure(400, "BadRequest", message, null, null);

    public static (int Code, JsonObject Body) Unavailable(string message) => Failure(503, "ServiceUnavailable", message, null, null);

    private static (int, JsonObject) Failure(int code, string reason, string message, string? resource, string? name)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (resource is not null)
        {
            var details = new JsonObject { ["kind"] = resource };
            if (name is not null)
            {
                details["name"] = name;
            }

            status["details"] = details;
        }

        return (code, status);
    }
}
