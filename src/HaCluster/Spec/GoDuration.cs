using System.Globalization;
using System.Text.RegularExpressions;

namespace HaCluster.Spec;

/// <summary>
/// Go's duration syntax, the one way hactl reads and writes durations: as k0s and k0sctl write them in configs
/// ("2m0s", "300s", "1h"), as --timeout takes them ("5m", "90s"), and as k0s's --expiry wants them ("30m0s").
/// </summary>
internal static partial class GoDuration
{
    public static bool IsValid(string text) => TryParse(text, out _);

    /// <summary>Parses a Go duration: "0", or numbers each with a unit (ns, us, µs, ms, s, m, h).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            var number = double.Parse(match.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture);
            value += match.Groups["unit"].Captures[i].Value switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                "us" or "µs" => TimeSpan.FromMicroseconds(number),
                _ => TimeSpan.FromTicks((long)(number / 100)),
            };
        }
        return true;
    }

    /// <summary>Whole seconds as Go prints them: 45s, 30m0s, 1h30m0s.</summary>
    public static string Format(TimeSpan span) => (int)span.TotalHours > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes}m{span.Seconds}s")
        : span.Minutes > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");

    [GeneratedRegex(@"^((?<number>\d+(\.\d+)?)(?<unit>ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Pattern();
}
