namespace HaCluster.Rendering;

/// <summary>
/// Guards values pasted into haproxy.cfg and keepalived.conf (k0s pastes CPLB values into its own keepalived.conf
/// too). Both read a line as space-separated words, so a value with a space, quote, backslash, brace, comment sign
/// (# !) or keepalived's $ substitution would cut the directive short or start another one. The validator enforces
/// <see cref="IsWord"/> first, so a config that validates never trips <see cref="Checked"/>: that is the last line
/// of defence.
/// </summary>
internal static class ConfigWord
{
    public const string Rule = "it must be printable ASCII without spaces, quotes, backslash, braces, '#', '!' or '$'";

    private const string Forbidden = "\"'\\#!{}$";

    public static bool IsWord(string value) =>
        value.Length > 0 && value.All(c => c is > ' ' and < '\u007f' && !Forbidden.Contains(c));

    /// <summary>The value, unchanged, when it is one safe word; otherwise an error naming it and what it is.</summary>
    public static string Checked(string value, string what) =>
        IsWord(value) ? value : throw new ArgumentException($"{what} '{value}' cannot be written into a config file: {Rule}");

    /// <summary>Like <see cref="Checked"/>, but the error never repeats the value.</summary>
    public static string CheckedSecret(string value, string what) =>
        IsWord(value) ? value : throw new ArgumentException($"{what} cannot be written into a config file: {Rule}");
}
