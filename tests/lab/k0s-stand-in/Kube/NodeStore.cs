using System.Globalization;
using System.Text.Json.Nodes;
using K0sStandIn.Etcd;

namespace K0sStandIn.Kube;

/// <summary>A node object and the etcd revision it was stored at (its resourceVersion).</summary>
internal sealed record StoredNode(JsonObject Node, long Revision)
{
    public string Name => Node["metadata"]?["name"]?.GetValue<string>() ?? "";
}

/// <summary>
/// Nodes kept where Kubernetes keeps them (/registry/minions/), in etcd, so every controller serves the same
/// nodes. Changes are compare-and-swap on the revision, so concurrent writers (heartbeats, kubectl cordon) never
/// lose each other's updates.
/// </summary>
internal sealed class NodeStore(EtcdClient etcd)
{
    private const string Prefix = "/registry/minions/";

    public async Task<StoredNode?> GetAsync(string name, CancellationToken ct) =>
        await etcd.GetAsync(Prefix + name, ct) is { } entry ? Parse(entry) : null;

    public async Task<IReadOnlyList<StoredNode>> ListAsync(CancellationToken ct) =>
        [.. (await etcd.ListAsync(Prefix, ct)).Select(Parse).OrderBy(n => n.Name, StringComparer.Ordinal)];

    /// <summary>Creates a node (the server fills uid and creationTimestamp); null if one with that name exists.</summary>
    public async Task<StoredNode?> CreateAsync(JsonObject node, DateTimeOffset now, CancellationToken ct)
    {
        var metadata = node["metadata"] as JsonObject ?? [];
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now);
        metadata.Remove("resourceVersion");
        node["metadata"] = metadata;
        var name = metadata["name"]!.GetValue<string>();
        var revision = await etcd.CreateAsync(Prefix + name, node.ToJsonString(), ct);
        return revision is null ? null : new StoredNode(node, revision.Value);
    }

    /// <summary>Applies <paramref name="change"/> to the current node until it sticks; null if there is no such node.</summary>
    public async Task<StoredNode?> UpdateAsync(string name, Func<JsonObject, JsonObject> change, CancellationToken ct)
    {
        while (true)
        {
            var current = await GetAsync(name, ct);
            if (current is null)
            {
                return null;
            }

            var changed = change((JsonObject)current.Node.DeepClone());
            changed["metadata"]!.AsObject().Remove("resourceVersion");
            var revision = await etcd.UpdateAsync(Prefix + name, changed.ToJsonString(), current.Revision, ct);
            if (revision is not null)
            {
                return new StoredNode(changed, revision.Value);
            }
        }
    }

    /// <summary>Deletes a node; the deleted node, or null if there was none.</summary>
    public async Task<StoredNode?> DeleteAsync(string name, CancellationToken ct)
    {
        var current = await GetAsync(name, ct);
        return current is not null && await etcd.DeleteAsync(Prefix + name, ct) ? current : null;
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static StoredNode Parse(EtcdEntry entry) => new(JsonNode.Parse(entry.Value)!.AsObject(), entry.ModRevision);
}
