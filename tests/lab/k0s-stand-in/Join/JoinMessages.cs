using System.Text.Json;
using System.Text.Json.Serialization;

namespace K0sStandIn.Join;

// The k0s join API's messages (pkg/apis/v1beta1): byte slices travel as base64, as Go's encoding/json writes them.

/// <summary>The cluster CA and service-account keys a joining controller receives.</summary>
internal sealed record CaResponse(byte[] Key, byte[] Cert, byte[] SaKey, byte[] SaPub);

/// <summary>A joining controller's request to become an etcd member.</summary>
internal sealed record EtcdRequest(string Node, string PeerAddress);

/// <summary>The etcd CA and the <c>--initial-cluster</c> entries the new member starts with.</summary>
internal sealed record EtcdResponse(CaResponse Ca, IReadOnlyList<string> InitialCluster);

/// <summary>Web defaults (camelCase, case-insensitive reads), source-generated so the stand-in compiles ahead of time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CaResponse))]
[JsonSerializable(typeof(EtcdRequest))]
[JsonSerializable(typeof(EtcdResponse))]
internal sealed partial class JoinJson : JsonSerializerContext;
