using System.Globalization;
using System.Text.RegularExpressions;

namespace K0sStandIn.Cli;

/// <summary>Go's <c>time.ParseDuration</c> and <c>Duration.String</c>, as k0s's flags and config use them.</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is "0" or "+0" or "-0")
        {
            return true;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        double ticks = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitOf().Match(part.Value);
            var number = double.Parse(part.Value[..unit.Index], CultureInfo.InvariantCulture);
            ticks += number * TicksPer(unit.Value);
        }

        duration = TimeSpan.FromTicks((long)(match.Groups["sign"].Value == "-" ? -ticks : ticks));
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"time: invalid duration \"{text}\"");

    /// <summary>Formats like Go, e.g. 30m0s, 1h0m0s, 1.5s, 0s.</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = d < TimeSpan.Zero ? "-" : "";
        d = d.Duration();
        if (d < TimeSpan.FromSeconds(1))
        {
            return sign + (d.TotalMilliseconds >= 1 ? $"{d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms" : $"{d.Ticks / 10}µs");
        }

        var seconds = (d.TotalSeconds % 60).ToString(CultureInfo.InvariantCulture);
        var hours = (long)d.TotalHours;
        return hours > 0 ? $"{sign}{hours}h{d.Minutes}m{seconds}s"
            : d.Minutes > 0 ? $"{sign}{d.Minutes}m{seconds}s"
            : $"{sign}{seconds}s";
    }

    private static double TicksPer(string unit) => unit switch
    {
        "ns" => 0.01,
        "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        _ => TimeSpan.TicksPerHour,
    };

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(ns|us|µs|μs|ms|s|m|h)$")]
    private static partial Regex UnitOf();
}
