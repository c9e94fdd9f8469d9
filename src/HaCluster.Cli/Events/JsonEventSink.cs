using System.Text.Json;
using System.Text.Json.Serialization;
using HaCluster.Pipeline;

namespace HaCluster.Cli.Events;

/// <summary>`--output json`: one JSON object per line, schema in docs/output.md.</summary>
internal sealed class JsonEventSink(TextWriter writer) : IEventSink
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock gate = new();

    public void Emit(RunEvent runEvent)
    {
        var line = JsonSerializer.Serialize(runEvent, Options);
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
