using System.Globalization;
using System.Text.RegularExpressions;

namespace HaCluster.Cli.Commands;

/// <summary>Durations as k0sctl and Go write them: 90s, 5m, 1h30m, 2m30s.</summary>
internal static partial class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = Pattern().Match(text ?? "");
        if (!match.Success || text!.Length == 0)
        {
            return false;
        }
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var number = double.Parse(part.Value[..^Unit(part.Value).Length], CultureInfo.InvariantCulture);
            value += Unit(part.Value) switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => TimeSpan.FromSeconds(number),
            };
        }
        return value > TimeSpan.Zero;
    }

    private static string Unit(string part) => part.EndsWith("ms", StringComparison.Ordinal) ? "ms" : part[^1..];

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$")]
    private static partial Regex Pattern();
}
