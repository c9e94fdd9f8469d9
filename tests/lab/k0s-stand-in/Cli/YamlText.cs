using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace K0sStandIn.Cli;

/// <summary>JSON rendered as YAML (sigs.k8s.io/yaml's direction), for the few -o yaml outputs.</summary>
internal static class YamlText
{
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();

    public static string FromJson(JsonNode? node) => Serializer.Serialize(Plain(node));

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        },
        _ => null,
    };
}
