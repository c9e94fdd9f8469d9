using System.Text;
using K0sStandIn.Cli;
using K0sStandIn.Config;

namespace K0sStandIn.Keepalived;

/// <summary>
/// The keepalived configuration k0s renders for CPLB: one <c>vrrp_instance k0s-vip-N</c> per VRRP instance (all
/// BACKUP with priority 200, so a returning node never preempts), and IPVS virtual servers in a separate file.
/// </summary>
internal static class KeepalivedConfig
{
    public const string VirtualServersFile = "keepalived-virtualservers-generated.conf";

    /// <summary>keepalived.conf. <paramref name="includeVirtualServers"/> is false where the kernel has no IPVS.</summary>
    public static string RenderVrrp(KeepalivedSpec spec, bool includeVirtualServers)
    {
        var text = new StringBuilder();
        var instances = spec.VrrpInstances ?? [];
        for (var i = 0; i < instances.Count; i++)
        {
            var vrrp = instances[i];
            text.Append($"vrrp_instance k0s-vip-{i} {{\n")
                .Append("    state BACKUP\n")
                .Append($"    interface {vrrp.Interface}\n")
                .Append($"    virtual_router_id {vrrp.VirtualRouterId}\n")
                .Append("    priority 200\n")
                .Append($"    advert_int {vrrp.AdvertIntervalSeconds}\n")
                .Append("    authentication {\n")
                .Append("        auth_type PASS\n")
                .Append($"        auth_pass {vrrp.AuthPass}\n")
                .Append("    }\n")
                .Append("    virtual_ipaddress {\n");
            foreach (var vip in vrrp.VirtualIps ?? [])
            {
                text.Append($"        {vip}\n");
            }

            text.Append("    }\n");
            if (vrrp.UnicastPeers is { Count: > 0 } peers)
            {
                text.Append($"    unicast_src_ip {vrrp.UnicastSourceIp}\n").Append("    unicast_peer {\n");
                foreach (var peer in peers)
                {
                    text.Append($"        {peer}\n");
                }

                text.Append("    }\n");
            }

            text.Append("}\n");
        }

        if (includeVirtualServers && spec.VirtualServers is { Count: > 0 })
        {
            text.Append($"include {VirtualServersFile}\n");
        }

        return text.ToString();
    }

    /// <summary>The IPVS virtual servers: every virtual server balancing over every API server address.</summary>
    public static string RenderVirtualServers(KeepalivedSpec spec, IReadOnlyList<string> realServers, int apiPort)
    {
        var text = new StringBuilder();
        if (realServers.Count == 0)
        {
            return "";
        }

        foreach (var server in spec.VirtualServers ?? [])
        {
            var delay = GoDuration.TryParse(server.DelayLoop ?? "1m", out var d) ? d : TimeSpan.FromMinutes(1);
            text.Append($"virtual_server {server.IpAddress} {apiPort} {{\n")
                .Append($"    delay_loop {delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n")
                .Append($"    lb_algo {server.LbAlgo}\n")
                .Append($"    lb_kind {server.LbKind}\n")
                .Append($"    persistence_timeout {server.PersistenceTimeoutSeconds}\n")
                .Append("    protocol TCP\n");
            foreach (var real in realServers)
            {
                text.Append($"    real_server {real} {apiPort} {{\n")
                    .Append("        weight 1\n")
                    .Append("        TCP_CHECK {\n")
                    .Append("            warmup 0\n")
                    .Append("            retry 1\n")
                    .Append("            connect_timeout 3\n")
                    .Append($"            connect_port {apiPort}\n")
                    .Append("        }\n")
                    .Append("    }\n");
            }

            text.Append("}\n");
        }

        return text.ToString();
    }
}
