using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>Writing answers the way kube-apiserver does.</summary>
internal static class Responses
{
    public static async Task JsonAsync(HttpContext http, int code, JsonNode body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(Cli.JsonOutput.Compact) + "\n", http.RequestAborted);
    }

    public static Task JsonAsync(HttpContext http, (int Code, JsonObject Body) status) => JsonAsync(http, status.Code, status.Body);

    public static async Task TextAsync(HttpContext http, int code, string body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(body, http.RequestAborted);
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpContext http) =>
        await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
}
