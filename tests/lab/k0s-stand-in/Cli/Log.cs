using System.Text;

namespace K0sStandIn.Cli;

/// <summary>
/// Logs to stderr in logrus's text format (<c>time="…" level=info msg="…" key=value</c>), as k0s does.
/// Nothing secret is ever passed here: tokens, keys and VRRP passwords stay out of log calls.
/// </summary>
internal static class Log
{
    private static readonly Lock Gate = new();

    public static bool DebugEnabled { get; set; }

    public static void Debug(string message, params (string Key, object? Value)[] fields)
    {
        if (DebugEnabled)
        {
            Write("debug", message, fields);
        }
    }

    public static void Info(string message, params (string Key, object? Value)[] fields) => Write("info", message, fields);

    public static void Warn(string message, params (string Key, object? Value)[] fields) => Write("warning", message, fields);

    public static void Error(string message, params (string Key, object? Value)[] fields) => Write("error", message, fields);

    public static string Format(DateTimeOffset time, string level, string message, IEnumerable<(string Key, object? Value)> fields)
    {
        var line = new StringBuilder();
        line.Append("time=").Append(Quote(Rfc3339(time)))
            .Append(" level=").Append(level)
            .Append(" msg=").Append(Quote(message));
        foreach (var (key, value) in fields)
        {
            line.Append(' ').Append(key).Append('=').Append(Quote(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }

        return line.ToString();
    }

    // Go's RFC 3339: Z for UTC, else the offset.
    private static string Rfc3339(DateTimeOffset time) =>
        time.ToString(time.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        var line = Format(DateTimeOffset.Now, level, message, fields);
        lock (Gate)
        {
            Console.Error.WriteLine(line);
        }
    }

    // logrus quotes a value unless every character is a letter, digit or one of -._/@^+
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-._/@^+".Contains(c, StringComparison.Ordinal))
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
