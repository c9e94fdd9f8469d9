using System.Globalization;
using System.Text.RegularExpressions;

namespace HaCluster.Spec.Validation;

/// <summary>A k0s version such as <c>v1.33.4+k0s.0</c>, compared by major, minor and patch.</summary>
internal sealed partial record K0sVersion(int Major, int Minor, int Patch) : IComparable<K0sVersion>
{
    public static readonly K0sVersion ExternalAddressWithVirtualServers = new(1, 32, 0);
    public static readonly K0sVersion CplbUnicast = new(1, 32, 0);
    public static readonly K0sVersion DynamicConfig = new(1, 22, 2);

    public static K0sVersion? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success)
        {
            return null;
        }
        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        return new K0sVersion(Part(1), Part(2), Part(3));
    }

    /// <summary>
    /// Whether the text is a k0s release tag (v1.33.4+k0s.0, v1.34.0-rc.1+k0s.0): apply downloads k0s from the GitHub
    /// release of exactly that name, so a version without its patch or +k0s.N part has nothing to download.
    /// </summary>
    public static bool IsReleaseTag(string text) => ReleaseTagPattern().IsMatch(text);

    /// <summary>A release tag written without its leading v (1.33.4+k0s.0, as k0sctl accepts), with it; other text as it is.</summary>
    public static string? WithLeadingV(string? text) =>
        text is not null && ReleaseTagPattern().IsMatch($"v{text}") ? $"v{text}" : text;

    public int CompareTo(K0sVersion? other) =>
        other is null ? 1 : (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    public static bool operator <(K0sVersion left, K0sVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(K0sVersion left, K0sVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(K0sVersion left, K0sVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(K0sVersion left, K0sVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    // v1.33.4+k0s.0, 1.33.4, v1.33.4-rc.1+k0s.0, 1.33
    [GeneratedRegex(@"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\+k0s\.\d+$")]
    private static partial Regex ReleaseTagPattern();
}
