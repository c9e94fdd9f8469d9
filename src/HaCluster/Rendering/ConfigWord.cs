namespace HaCluster.Rendering;

/// <summary>
/// Guards values pasted into haproxy.cfg and keepalived.conf. Both read a line as space-separated words, so a
/// value with a space, quote, backslash, brace, comment sign (# !) or keepalived's $ substitution would cut the
/// directive short or start another one. The validator rejects such values first; this is the last line of defence.
/// </summary>
internal static class ConfigWord
{
    private const string Forbidden = "\"'\\#!{}$";

    /// <summary>The value, unchanged, when it is one safe word; otherwise an error naming it and what it is.</summary>
    public static string Checked(string value, string what) =>
        IsWord(value) ? value : throw new ArgumentException($"{what} '{value}' cannot be written into a config file: {Rule}");

    /// <summary>Like <see cref="Checked"/>, but the error never repeats the value.</summary>
    public static string CheckedSecret(string value, string what) =>
        IsWord(value) ? value : throw new ArgumentException($"{what} cannot be written into a config file: {Rule}");

    private const string Rule = "it must be printable ASCII without spaces, quotes, backslash, braces, '#', '!' or '$'";

    private static bool IsWord(string value) =>
        value.Length > 0 && value.All(c => c is > ' ' and < '\u007f' && !Forbidden.Contains(c));
}
