using System.Globalization;
using System.Text;

namespace HaCluster.Ejection;

/// <summary>A controller that `hactl eject-controller` removed: its etcd peer address, its hostname, and when.</summary>
public sealed record EjectedController(string Address, string Hostname, DateTimeOffset EjectedAt)
{
    public override string ToString() => Hostname.Length > 0 ? $"{Address} ({Hostname})" : Address;
}

/// <summary>
/// The record of ejected controllers, kept on the remaining controllers so that apply can see it: while an ejected
/// host is still in the config, apply refuses to join it back silently; once it is gone from the config, apply
/// forgets it, so adding it back later joins it again. One line a controller: address, hostname, UTC time.
/// </summary>
public static class EjectionRecords
{
    public const string Path = "/var/lib/hactl/ejected-controllers";
    public const string Mode = "0644";

    private const string Header = "# Controllers removed by `hactl eject-controller`; `hactl apply` refuses to re-add them while they are in the config.";

    public static IReadOnlyList<EjectedController> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<EjectedController>();
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith('#') || words.Length < 1)
            {
                continue;
            }
            var at = words.Length > 2 && DateTimeOffset.TryParse(words[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed : DateTimeOffset.MinValue;
            records.Add(new EjectedController(words[0], words.Length > 1 && words[1] != "-" ? words[1] : "", at));
        }
        return records;
    }

    /// <summary>The file's text for these records (one a distinct address, in address order), or "" for none.</summary>
    public static string Format(IEnumerable<EjectedController> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var distinct = records.GroupBy(r => r.Address, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(r => r.Address, StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder(Header).Append('\n');
        foreach (var record in distinct)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{record.Address} {(record.Hostname.Length > 0 ? record.Hostname : "-")} {record.EjectedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        }
        return text.ToString();
    }
}
