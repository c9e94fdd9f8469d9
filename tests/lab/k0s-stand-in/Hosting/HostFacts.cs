using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace K0sStandIn.Hosting;

/// <summary>What k0s reads about the machine it runs on: its name and addresses.</summary>
internal sealed record HostFacts(string Hostname, IReadOnlyList<(string Interface, IPAddress Address)> Addresses, string? DefaultRouteInterface)
{
    /// <summary>The node name: the lower-cased hostname, as the kubelet registers it.</summary>
    public string NodeName => Hostname.ToLowerInvariant();

    /// <summary>k0s's iface.FirstPublicAddress: the first non-loopback IPv4 address.</summary>
    public string? FirstPublicAddress => Addresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork).Address?.ToString();

    public IEnumerable<string> AllAddresses => Addresses.Select(a => a.Address.ToString());

    public string? InterfaceOf(string address) => Addresses.FirstOrDefault(a => a.Address.ToString() == address).Interface;

    public static HostFacts Detect()
    {
        var addresses = new List<(string, IPAddress)>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || nic.OperationalStatus == OperationalStatus.Down)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var ip = unicast.Address;
                if (IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal)
                {
                    continue;
                }

                addresses.Add((nic.Name, ip));
            }
        }

        return new HostFacts(Dns.GetHostName(), addresses, ReadDefaultRouteInterface());
    }

    private static string? ReadDefaultRouteInterface()
    {
        const string routes = "/proc/net/route";
        if (!File.Exists(routes))
        {
            return null;
        }

        return File.ReadLines(routes).Skip(1)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .FirstOrDefault(fields => fields.Length > 1 && fields[1] == "00000000")?[0];
    }
}
