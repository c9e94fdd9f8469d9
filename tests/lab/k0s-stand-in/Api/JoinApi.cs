using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using K0sStandIn.Cli;
using K0sStandIn.Etcd;
using K0sStandIn.Join;
using K0sStandIn.Pki;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>
/// k0s's join API (9443): a controller token buys the cluster CA (<c>GET /v1beta1/ca</c>) and etcd membership
/// (<c>POST /v1beta1/etcd/members</c>, a real etcd member add). Anything else is 404; a bad token is 401.
/// </summary>
internal sealed class JoinApi(ApiContext context)
{
    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var route = (http.Request.Method, http.Request.Path.Value);
        if (route is not ("GET", "/v1beta1/ca") and not ("POST", "/v1beta1/etcd/members"))
        {
            await Responses.TextAsync(http, 404, "404 page not found\n");
            return;
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
        if (!await context.Tokens.IsValidAsync(bearer, Tokens.TokenUsage.ControllerJoin, context.Clock.GetUtcNow(), ct))
        {
            await Responses.TextAsync(http, 401, "Unauthorized\n");
            return;
        }

        if (route.Item1 == "GET")
        {
            await WriteAsync(http, ControllerPki.CaResponseFor(context.Pki), JoinJson.Default.CaResponse);
            return;
        }

        var request = await JsonSerializer.DeserializeAsync(http.Request.Body, JoinJson.Default.EtcdRequest, ct);
        if (request is null || string.IsNullOrEmpty(request.Node) || string.IsNullOrEmpty(request.PeerAddress))
        {
            await Responses.TextAsync(http, 400, "bad request: node and peerAddress are required\n");
            return;
        }

        try
        {
            var (added, members) = await context.Etcd.AddMemberAsync(request.PeerAddress, ct);
            var initialCluster = members
                .SelectMany(m => m.PeerUrls.Select(url => $"{(m.Id == added.Id ? request.Node : m.Name)}={url}"))
                .ToList();
            Log.Info("added etcd member", ("component", "k0s-api"), ("node", request.Node), ("peerURL", request.PeerAddress), ("memberID", added.HexId));
            await WriteAsync(http, new EtcdResponse(ControllerPki.EtcdCaResponseFor(context.Pki), initialCluster), JoinJson.Default.EtcdResponse);
        }
        catch (EtcdException e)
        {
            Log.Error("failed to add etcd member: " + e.Message, ("component", "k0s-api"), ("node", request.Node));
            await Responses.TextAsync(http, 500, e.Message + "\n");
        }
    }

    private static async Task WriteAsync<T>(HttpContext http, T body, JsonTypeInfo<T> type)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, type, http.RequestAborted);
    }
}
