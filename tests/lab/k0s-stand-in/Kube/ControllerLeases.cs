using System.Globalization;
using System.Text.Json.Nodes;
using K0sStandIn.Etcd;

namespace K0sStandIn.Kube;

/// <summary>
/// Which API servers are alive, kept like kube-apiserver's master leases (/registry/masterleases/&lt;ip&gt;): each
/// controller renews its own every few seconds; a lease not renewed for 30 s has expired. CPLB's virtual servers
/// balance over these addresses.
/// </summary>
internal sealed class ControllerLeases(EtcdClient etcd)
{
    private const string Prefix = "/registry/masterleases/";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    public Task RenewAsync(string address, DateTimeOffset now, CancellationToken ct) =>
        etcd.PutAsync(Prefix + address, new JsonObject { ["renewTime"] = NodeStore.Timestamp(now) }.ToJsonString(), ct);

    public Task ReleaseAsync(string address, CancellationToken ct) => etcd.DeleteAsync(Prefix + address, ct);

    public async Task<IReadOnlyList<string>> ActiveAsync(DateTimeOffset now, CancellationToken ct) =>
        [.. (await etcd.ListAsync(Prefix, ct))
            .Where(e => now - DateTimeOffset.Parse(JsonNode.Parse(e.Value)!["renewTime"]!.GetValue<string>(), CultureInfo.InvariantCulture) < Ttl)
            .Select(e => e.Key[Prefix.Length..])
            .Order(StringComparer.Ordinal)];
}
