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
}
