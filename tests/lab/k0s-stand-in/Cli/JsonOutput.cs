using System.Text.Encodings.Web;
using System.Text.Json;

namespace K0sStandIn.Cli;

/// <summary>JSON as Go writes it: '+' and other punctuation left as they are (v1.33.4+k0s, not \u002B).</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Go's json.MarshalIndent(v, "", "   "), as k0s status -o json uses it.</summary>
    public static readonly JsonSerializerOptions Indented3 = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        IndentSize = 3,
        PropertyNamingPolicy = null,
        TypeInfoResolver = Config.GoNamesJson.Default,
    };
}
