using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using K0sStandIn.Config;
using K0sStandIn.Pki;

namespace K0sStandIn.Etcd;

/// <summary>
/// Talks to etcd 3.4 through its v3 JSON gateway over HTTPS with a client certificate. Keys and values are base64,
/// 64-bit numbers are decimal strings.
/// </summary>
internal sealed class EtcdClient : IDisposable
{
    private readonly HttpClient _http;

    public EtcdClient(Uri endpoint, X509Certificate2 clientCertificate, X509Certificate2 ca, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 served
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && CertificateAuthority.Chains(ca, served),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = endpoint, Timeout = timeout };
    }

    /// <summary>A client of this node's own etcd, with the API server's etcd client certificate.</summary>
    public static EtcdClient Local(K0sVars vars, TimeSpan timeout)
    {
        var clientBase = Path.Combine(vars.CertRootDir, "apiserver-etcd-client");
        var certificate = X509Certificate2.CreateFromPemFile(clientBase + ".crt", clientBase + ".key");
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(vars.EtcdCertDir, "ca.crt")));
        return new EtcdClient(new Uri("https://127.0.0.1:2379"), certificate, ca, timeout);
    }

    public async Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken ct) =>
        Members((await CallAsync("/v3/cluster/member/list", new JsonObject(), ct))["members"]);

    /// <summary>Adds a member by its peer URL; returns it and the whole membership after the change.</summary>
    public async Task<(EtcdMember Added, IReadOnlyList<EtcdMember> Members)> AddMemberAsync(string peerUrl, CancellationToken ct)
    {
        var response = await CallAsync("/v3/cluster/member/add", new JsonObject { ["peerURLs"] = new JsonArray(peerUrl) }, ct);
        return (Member(response["member"]!), Members(response["members"]));
    }

    public Task RemoveMemberAsync(ulong id, CancellationToken ct) =>
        CallAsync("/v3/cluster/member/remove", new JsonObject { ["ID"] = id.ToString(CultureInfo.InvariantCulture) }, ct);

    /// <summary>A linearizable read: succeeds only while the cluster has a leader and quorum.</summary>
    public Task CheckQuorumAsync(CancellationToken ct) =>
        CallAsync("/v3/kv/range", new JsonObject { ["key"] = B64("health") }, ct);

    public async Task<EtcdEntry?> GetAsync(string key, CancellationToken ct) =>
        Entries(await CallAsync("/v3/kv/range", new JsonObject { ["key"] = B64(key) }, ct)) is [var entry, ..] ? entry : null;

    public async Task<IReadOnlyList<EtcdEntry>> ListAsync(string prefix, CancellationToken ct) =>
        Entries(await CallAsync("/v3/kv/range", new JsonObject { ["key"] = B64(prefix), ["range_end"] = B64(PrefixEnd(prefix)) }, ct));

    public Task PutAsync(string key, string value, CancellationToken ct) =>
        CallAsync("/v3/kv/put", new JsonObject { ["key"] = B64(key), ["value"] = B64(value) }, ct);

    /// <summary>Creates the key only if it does not exist: its revision, or null if it existed.</summary>
    public Task<long?> CreateAsync(string key, string value, CancellationToken ct) =>
        PutIfAsync(key, value, "CREATE", "create_revision", 0, ct);

    /// <summary>Replaces the value only if nobody changed it since <paramref name="modRevision"/>: the new revision, or null.</summary>
    public Task<long?> UpdateAsync(string key, string value, long modRevision, CancellationToken ct) =>
        PutIfAsync(key, value, "MOD", "mod_revision", modRevision, ct);

    /// <summary>Deletes a key; true if it existed.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        var response = await CallAsync("/v3/kv/deleterange", new JsonObject { ["key"] = B64(key) }, ct);
        return Long(response["deleted"]) > 0;
    }

    public void Dispose() => _http.Dispose();

    private async Task<long?> PutIfAsync(string key, string value, string target, string field, long revision, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["compare"] = new JsonArray(new JsonObject
            {
                ["target"] = target,
                ["key"] = B64(key),
                [field] = revision.ToString(CultureInfo.InvariantCulture),
            }),
            ["success"] = new JsonArray(new JsonObject
            {
                ["request_put"] = new JsonObject { ["key"] = B64(key), ["value"] = B64(value) },
            }),
        };
        var response = await CallAsync("/v3/kv/txn", request, ct);
        return response["succeeded"]?.GetValue<bool>() == true ? Long(response["header"]?["revision"]) : null;
    }

    private async Task<JsonNode> CallAsync(string path, JsonObject body, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        }
        catch (HttpRequestException e)
        {
            throw new EtcdException($"dial tcp {_http.BaseAddress!.Authority}: {Cli.GoErrors.Describe(e)}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new EtcdException("context deadline exceeded", e);
        }

        using (response)
        {
            var json = await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct) ?? new JsonObject();
            return response.IsSuccessStatusCode
                ? json
                : throw new EtcdException(json["error"]?.GetValue<string>() ?? $"etcd answered {(int)response.StatusCode}");
        }
    }

    private static IReadOnlyList<EtcdMember> Members(JsonNode? members) =>
        [.. (members as JsonArray ?? []).Select(m => Member(m!))];

    private static EtcdMember Member(JsonNode member) => new(
        ulong.Parse(member["ID"]!.ToString(), CultureInfo.InvariantCulture),
        member["name"]?.GetValue<string>() ?? "",
        Strings(member["peerURLs"]),
        Strings(member["clientURLs"]));

    private static IReadOnlyList<EtcdEntry> Entries(JsonNode response) =>
        [.. (response["kvs"] as JsonArray ?? []).Select(kv => new EtcdEntry(
            FromB64(kv!["key"]),
            FromB64(kv["value"]),
            Long(kv["mod_revision"])))];

    private static IReadOnlyList<string> Strings(JsonNode? array) =>
        [.. (array as JsonArray ?? []).Select(s => s!.GetValue<string>())];

    private static long Long(JsonNode? value) => value is null ? 0 : long.Parse(value.ToString(), CultureInfo.InvariantCulture);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string FromB64(JsonNode? node) => node is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(node.GetValue<string>()));

    // The smallest key greater than every key with this prefix, as etcdctl --prefix computes it.
    private static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
