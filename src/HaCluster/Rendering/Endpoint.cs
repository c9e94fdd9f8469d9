using System.Net;
using System.Net.Sockets;

namespace HaCluster.Rendering;

internal static class Endpoint
{
    /// <summary>address:port, with an IPv6 address in brackets so its colons are not read as the port.</summary>
    public static string Format(string address, int port) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{address}]:{port}"
            : $"{address}:{port}";
}
