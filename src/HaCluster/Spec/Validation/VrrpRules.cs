using System.Net;
using System.Net.Sockets;
using HaCluster.Rendering;

namespace HaCluster.Spec.Validation;

/// <summary>
/// What keepalived accepts in a VRRP instance, whether hactl writes it (haproxy-keepalived) or k0s does (CPLB):
/// shared by spec.loadBalancer and the CPLB blocks of the k0s config.
/// </summary>
internal static class VrrpRules
{
    public const int MaxAuthPassLength = 8;

    /// <summary>keepalived's and k0s's router ID when none is given; k0s numbers its further instances on from it.</summary>
    public const int DefaultRouterId = 51;

    /// <summary>Why authPass cannot be used, or null. Never repeats the value: it is a secret.</summary>
    public static string? AuthPassProblem(string authPass) => authPass switch
    {
        "" => $"authPass is empty; VRRP needs a password of 1-{MaxAuthPassLength} characters",
        { Length: > MaxAuthPassLength } => $"authPass is {authPass.Length} characters; VRRP allows at most {MaxAuthPassLength}",
        _ when !ConfigWord.IsWord(authPass) => $"authPass cannot be written into keepalived.conf: {ConfigWord.Rule}",
        _ => null,
    };

    /// <summary>
    /// Why a virtual IP cannot be used, or null. keepalived speaks VRRPv3 for IPv6, which has no PASS authentication:
    /// it would drop authPass with a warning and run the instance unauthenticated. An IPv4 network's first and last
    /// addresses name the network and its broadcast: the kernel takes either as an interface address, but no client
    /// can reach the API there (a /31 or /32 has neither, RFC 3021).
    /// </summary>
    public static string? VirtualIPProblem(IPAddress address, int prefixLength)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return $"{address} is an IPv6 address: keepalived runs IPv6 on VRRPv3, which has no password authentication, " +
                   "so authPass would be ignored; use an IPv4 virtual IP";
        }
        if (prefixLength > 30)
        {
            return null;
        }
        var (network, broadcast) = Addresses.IPv4Bounds(address, prefixLength);
        var what = address.Equals(network) ? "network" : address.Equals(broadcast) ? "broadcast" : null;
        return what is null
            ? null
            : $"{address} is the {what} address of {network}/{prefixLength}, where no client can reach the API; " +
              $"use a free address between {Addresses.OffsetIPv4(network, 1)} and {Addresses.OffsetIPv4(broadcast, -1)}";
    }

    /// <summary>
    /// A parsed virtual IP against what keepalived and the network allow: not IPv6, not a network or broadcast
    /// address, not an address a host already has; a warning when no VRRP host's private address is in its network.
    /// </summary>
    public static void CheckVirtualIP(ValidationContext context, IPAddress vip, int prefixLength, string path,
        IReadOnlyList<(HostSpec Host, string Path)> vrrpHosts)
    {
        if (VirtualIPProblem(vip, prefixLength) is { } problem)
        {
            context.Error(path, problem);
        }
        else if (context.HostWithAddress(vip) is { } taken)
        {
            context.Error(path, $"{vip} is already the address of {taken}; the virtual IP must be a free address");
        }
        else
        {
            WarnOutsideHostNetworks(context, vip, prefixLength, path, vrrpHosts);
        }
    }

    /// <summary>
    /// keepalived announces the VIP on the VRRP hosts' own link; when none of their private addresses is in its
    /// network, clients reach it only if a router sends that network there. Hosts named by DNS are not judged.
    /// </summary>
    private static void WarnOutsideHostNetworks(ValidationContext context, IPAddress vip, int prefixLength, string path,
        IReadOnlyList<(HostSpec Host, string Path)> vrrpHosts)
    {
        var addresses = vrrpHosts.Select(h => h.Host.PrivateAddress ?? h.Host.ConnectAddress).ToList();
        var ipv4 = addresses.Select(a => a is not null && Addresses.TryParseIP(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork ? ip : null).ToList();
        if (ipv4.Count == 0 || ipv4.Any(ip => ip is null) || ipv4.Any(ip => Addresses.InIPv4Network(ip!, vip, prefixLength)))
        {
            return;
        }
        var (network, _) = Addresses.IPv4Bounds(vip, prefixLength);
        context.Warning(path,
            $"no VRRP host ({string.Join(", ", vrrpHosts.Select(h => h.Path))}) has a private address in {network}/{prefixLength}: " +
            "keepalived adds the virtual IP on their link, where clients reach it only if a router sends that network there; " +
            "use an address of the hosts' own network");
    }
}
