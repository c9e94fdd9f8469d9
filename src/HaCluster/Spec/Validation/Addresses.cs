using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HaCluster.Rendering;

namespace HaCluster.Spec.Validation;

/// <summary>Static checks of addresses, CIDRs, ports and names as the config writes them.</summary>
internal static partial class Addresses
{
    public const int MaxPort = 65535;

    public static bool IsIP(string text) => TryParseIP(text, out _);

    public static bool TryParseIP(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!)
        && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
        // IPAddress.TryParse accepts "10" or "10.1" as IPv4 shorthand; a config means four parts.
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);

    /// <summary>An address with a prefix length, e.g. 10.0.0.100/24.</summary>
    public static bool TryParseCidr(string text, out IPAddress address, out int prefixLength)
    {
        address = IPAddress.None;
        prefixLength = 0;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseIP(text[..slash], out address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength))
        {
            return false;
        }
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return prefixLength is > 0 && prefixLength <= maxPrefix;
    }

    public static bool IsCidr(string text) => TryParseCidr(text, out _, out _);

    /// <summary>The first and last IPv4 addresses of the network a prefix length cuts from an address.</summary>
    public static (IPAddress Network, IPAddress Broadcast) IPv4Bounds(IPAddress address, int prefixLength)
    {
        var value = ToUInt32(address);
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return (FromUInt32(value & mask), FromUInt32(value | ~mask));
    }

    /// <summary>Whether an IPv4 address lies in the network of another IPv4 address and prefix length.</summary>
    public static bool InIPv4Network(IPAddress candidate, IPAddress address, int prefixLength)
    {
        var (network, broadcast) = IPv4Bounds(address, prefixLength);
        var value = ToUInt32(candidate);
        return value >= ToUInt32(network) && value <= ToUInt32(broadcast);
    }

    /// <summary>0.0.0.0 or ::, which k0s refuses as an address ("invalid INADDR_ANY") and no peer can reach.</summary>
    public static bool IsUnspecified(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>The IPv4 address that many addresses after (or before, when negative) the given one.</summary>
    public static IPAddress OffsetIPv4(IPAddress address, int step) => FromUInt32(ToUInt32(address) + (uint)step);

    private static uint ToUInt32(IPAddress address) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress FromUInt32(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    /// <summary>An RFC 1123 host name (labels of letters, digits and hyphens, dot-separated).</summary>
    public static bool IsHostName(string text) => text.Length <= 253 && HostNamePattern().IsMatch(text);

    public static bool IsIPOrHostName(string text) => IsIP(text) || (IsHostName(text) && !LooksLikeIPv4(text));

    public static bool IsPort(int port) => port is >= 1 and <= MaxPort;

    /// <summary>Linux's limit on interface names (IFNAMSIZ less the terminating NUL).</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>
    /// Why a network interface name cannot be used, or null: it goes into keepalived.conf (hactl's or k0s's), so it
    /// must be one config word, and Linux refuses '/', ':', the names . and .., and more than 15 characters.
    /// </summary>
    public static string? InterfaceNameProblem(string name)
    {
        if (!ConfigWord.IsWord(name))
        {
            return $"'{name}' cannot be written into keepalived.conf: {ConfigWord.Rule}";
        }
        if (name is "." or ".." || name.IndexOfAny(['/', ':']) >= 0)
        {
            return $"'{name}' is not a network interface name: Linux refuses '/' and ':' in one, and the names . and ..";
        }
        return name.Length > MaxInterfaceNameLength
            ? $"'{name}' is {name.Length} characters; Linux interface names have at most {MaxInterfaceNameLength}"
            : null;
    }

    // "10.0.0.256" matches the host name pattern; it is a mistyped address, not a name.
    private static bool LooksLikeIPv4(string text) => text.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit));

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();
}
