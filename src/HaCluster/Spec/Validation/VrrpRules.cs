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
    /// it would drop authPass with a warning and run the instance unauthenticated.
    /// </summary>
    public static string? VirtualIPProblem(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? $"{address} is an IPv6 address: keepalived runs IPv6 on VRRPv3, which has no password authentication, " +
          "so authPass would be ignored; use an IPv4 virtual IP"
        : null;
}
