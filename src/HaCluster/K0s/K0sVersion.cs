using System.Globalization;
using System.Text.RegularExpressions;

namespace HaCluster.K0s;

/// <summary>
/// A k0s version such as <c>v1.34.1+k0s.0</c> (the leading v optional), ordered as k0sctl's version library orders
/// them: major, minor and patch as numbers; a release after its prereleases, which compare as plain text; then the
/// k0s build number.
/// </summary>
public sealed partial record K0sVersion(int Major, int Minor, int Patch, string? Prerelease = null, int Build = 0) : IComparable<K0sVersion>
{
    public static readonly K0sVersion ExternalAddressWithVirtualServers = new(1, 32, 0);
    public static readonly K0sVersion CplbUnicast = new(1, 32, 0);
    public static readonly K0sVersion DynamicConfig = new(1, 22, 2);

    /// <summary>The version, or null when the text is not a k0s version (vMAJOR.MINOR.PATCH[-PRE]+k0s.N).</summary>
    public static K0sVersion? Parse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return null;
        }
        int Number(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new K0sVersion(Number(1), Number(2), Number(3), match.Groups[4].Success ? match.Groups[4].Value : null, Number(5));
    }

    /// <summary>A k0s version written without its leading v (1.33.4+k0s.0, as k0sctl accepts), with it; other text as it is.</summary>
    public static string? WithLeadingV(string? text) =>
        text is not null && !text.StartsWith('v') && Parse(text) is { } version ? version.ToString() : text;

    /// <summary>The Kubernetes release this k0s ships, e.g. v1.34.1: what a node reports as its kubelet version.</summary>
    public string Kubernetes => $"v{Major}.{Minor}.{Patch}";

    /// <summary>major.minor.patch, for messages about features that came with a release.</summary>
    public string Core => $"{Major}.{Minor}.{Patch}";

    /// <summary>How many Kubernetes minor releases lie between this version and a newer one (0 for the same minor).</summary>
    public int MinorsTo(K0sVersion newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        return newer.Major == Major ? newer.Minor - Minor : int.MaxValue;
    }

    public int CompareTo(K0sVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0)
        {
            return core;
        }
        var pre = (Prerelease, other.Prerelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (a, b) => string.CompareOrdinal(a, b),
        };
        return pre != 0 ? pre : Build.CompareTo(other.Build);
    }

    public static bool operator <(K0sVersion left, K0sVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(K0sVersion left, K0sVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(K0sVersion left, K0sVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(K0sVersion left, K0sVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"v{Core}{(Prerelease is null ? "" : "-" + Prerelease)}+k0s.{Build}";

    // v1.34.1+k0s.0, 1.34.1+k0s.0, v1.35.0-rc.1+k0s.0
    [GeneratedRegex(@"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?\+k0s\.(\d+)$")]
    private static partial Regex Pattern();
}
