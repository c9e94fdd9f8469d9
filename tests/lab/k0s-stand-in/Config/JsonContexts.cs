using System.Text.Json.Serialization;
using K0sStandIn.Status;

namespace K0sStandIn.Config;

// Source-generated JSON metadata (the only kind a NativeAOT build has): every one-shot command reads the runtime
// config, and building the same metadata by reflection, with IL emitted and jitted for it, cost each call ~80 ms of
// CPU. The options are those of the reflection-based ones they replace, so output and decoding errors are the same.

/// <summary>ClusterConfig as k0s writes and strictly reads it: camelCase, unknown fields rejected, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterConfig))]
internal sealed partial class ClusterConfigJson : JsonSerializerContext;

/// <summary>Go structs without JSON tags: the C# names as they are.</summary>
[JsonSerializable(typeof(K0sVars))]
[JsonSerializable(typeof(K0sStatus))]
internal sealed partial class GoNamesJson : JsonSerializerContext;
