namespace HaCluster.Spec;

/// <summary>One k0s install flag as k0sctl users write it: <c>--name=value</c>, <c>--name value</c> or <c>--name</c>.</summary>
internal readonly record struct InstallFlag(string Name, string? Value)
{
    public static InstallFlag Parse(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var text = flag.Trim();
        var cut = text.IndexOfAny(['=', ' ']);
        return cut < 0 ? new InstallFlag(text, null) : new InstallFlag(text[..cut], Unquote(text[(cut + 1)..].Trim()));
    }

    /// <summary>A boolean flag is on unless written <c>=false</c>, as in k0sctl.</summary>
    public bool IsOn => Value != "false";

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;
}
