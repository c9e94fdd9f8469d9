using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using K0sStandIn.Cli;

namespace K0sStandIn.Config;

/// <summary>k0s's ClusterConfig.Validate on a defaulted config, with k0s's messages (spec: section: problem).</summary>
internal static partial class ConfigValidator
{
    private static readonly string[] LbAlgos = ["rr", "wrr", "lc", "wlc", "lblc", "dh", "sh", "sed", "nq"];
    private static readonly string[] LbKinds = ["NAT", "DR", "TUN"];

    public static IReadOnlyList<string> Validate(ClusterConfig config)
    {
        var errors = new List<string>();
        var spec = config.Spec;
        errors.AddRange(Api(spec.Api).Select(e => "api: " + e));
        errors.AddRange(Storage(spec.Storage).Select(e => "storage: " + e));
        if (spec.Network.NodeLocalLoadBalancing?["enabled"]?.GetValue<bool>() == true && !string.IsNullOrEmpty(spec.Api.ExternalAddress))
        {
            errors.Add("network.nodeLocalLoadBalancing.enabled: Forbidden: node-local load balancing cannot be used in conjunction with an external Kubernetes API server address");
        }

        if (spec.Network.ControlPlaneLoadBalancing is { Enabled: true } cplb)
        {
            errors.AddRange(Cplb(cplb).Select(e => "controlPlaneLoadBalancing: " + e));
        }

        return [.. errors.Select(e => "spec: " + e)];
    }

    private static IEnumerable<string> Api(ApiSpec api)
    {
        if (!IPAddress.TryParse(api.Address, out var address))
        {
            yield return $"address: Invalid value: \"{api.Address}\": invalid IP address";
        }
        else if (IsAny(address))
        {
            yield return $"address: Invalid value: \"{api.Address}\": invalid INADDR_ANY";
        }

        if (!string.IsNullOrEmpty(api.ExternalAddress) && !IsIpOrDnsName(api.ExternalAddress))
        {
            yield return $"externalAddress: Invalid value: \"{api.ExternalAddress}\": invalid IP address / DNS name";
        }

        foreach (var (name, port) in new[] { ("k0sApiPort", api.K0sApiPort), ("port", api.Port) })
        {
            if (port is < 1 or > 65535)
            {
                yield return $"{name}: Invalid value: {port}: must be between 1 and 65535, inclusive";
            }
        }

        for (var i = 0; i < (api.Sans?.Count ?? 0); i++)
        {
            if (!IsIpOrDnsName(api.Sans![i]))
            {
                yield return $"sans[{i}]: Invalid value: \"{api.Sans[i]}\": invalid IP address / DNS name";
            }
        }
    }

    private static IEnumerable<string> Storage(StorageSpec storage)
    {
        if (storage.Type is not ("etcd" or "kine"))
        {
            yield return $"type: Unsupported value: \"{storage.Type}\": supported values: \"etcd\", \"kine\"";
        }

        if (storage.Type == "etcd" && storage.Etcd.ExternalCluster is null && !IPAddress.TryParse(storage.Etcd.PeerAddress, out _))
        {
            yield return $"etcd.peerAddress: Invalid value: \"{storage.Etcd.PeerAddress}\": invalid IP address";
        }
    }

    private static IEnumerable<string> Cplb(CplbSpec cplb)
    {
        if (cplb.Type != "Keepalived")
        {
            yield return $"unsupported CPLB type: {cplb.Type}. Only allowed value: Keepalived";
        }

        foreach (var vrrp in cplb.Keepalived?.VrrpInstances ?? [])
        {
            if (string.IsNullOrEmpty(vrrp.Interface))
            {
                yield return "failed to get default NIC: no default route found";
            }

            if (vrrp.VirtualRouterId is < 0 or > 255)
            {
                yield return "VirtualRouterID must be in the range of 1-255";
            }

            if (string.IsNullOrEmpty(vrrp.AuthPass))
            {
                yield return "AuthPass must be defined";
            }
            else if (vrrp.AuthPass.Length > 8)
            {
                yield return "AuthPass must be 8 characters or less";
            }

            if (vrrp.VirtualIps is not { Count: > 0 })
            {
                yield return "VirtualIPs must be defined";
            }

            foreach (var vip in vrrp.VirtualIps ?? [])
            {
                if (!IPNetwork.TryParse(vip, out _))
                {
                    yield return $"VirtualIPs must be a CIDR. Got: {vip}";
                }
            }
        }

        foreach (var server in cplb.Keepalived?.VirtualServers ?? [])
        {
            if (string.IsNullOrEmpty(server.IpAddress))
            {
                yield return "IPAddress must be defined";
            }

            if (!IPAddress.TryParse(server.IpAddress, out _))
            {
                yield return $"invalid IP address: {server.IpAddress}";
            }

            if (!LbAlgos.Contains(server.LbAlgo))
            {
                yield return $"invalid LBAlgo: {server.LbAlgo} ";
            }

            if (!LbKinds.Contains(server.LbKind))
            {
                yield return $"invalid LBKind: {server.LbKind} ";
            }

            if (server.PersistenceTimeoutSeconds is < 1 or > 2678400)
            {
                yield return "PersistenceTimeout must be in the range of 1-2678400";
            }

            if (!GoDuration.TryParse(server.DelayLoop ?? "", out var delay) || delay <= TimeSpan.Zero)
            {
                yield return "DelayLoop must be positive";
            }
        }
    }

    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool IsIpOrDnsName(string value) =>
        IPAddress.TryParse(value, out var ip) ? ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 : DnsName().IsMatch(value);

    [GeneratedRegex(@"^([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?\.?$")]
    private static partial Regex DnsName();
}
