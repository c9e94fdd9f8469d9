namespace HaCluster.EndToEnd.Lab;

/// <summary>VRRP works between lab hosts, so hactl's load balancer can really fail over in the lab.</summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class KeepalivedTests(SelfTestLab lab)
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("multicast")]
    [InlineData("unicast")]
    public async Task The_virtual_ip_moves_to_the_backup_when_the_holder_stops_keepalived(string mode)
    {
        var vip = $"{lab.VirtualIP}/24";
        try
        {
            await StartKeepalivedAsync("h1", priority: 150, peer: "h2", mode);
            await StartKeepalivedAsync("h2", priority: 100, peer: "h1", mode);
            await Poll.UntilAsync("h1 to hold the VIP: it has the higher priority", Failover, () => lab.IpAddrAsync("h1"), addresses => addresses.Contains(vip));
            (await lab.IpAddrAsync("h2")).Should().NotContain(vip);

            (await lab.ExecAsync("h1", "systemctl", "stop", "keepalived")).ThrowIfFailed();

            await Poll.UntilAsync("h2 to take the VIP over when h1's keepalived stops", Failover, () => lab.IpAddrAsync("h2"), addresses => addresses.Contains(vip));
            (await lab.IpAddrAsync("h1")).Should().NotContain(vip);
        }
        finally
        {
            foreach (var host in new[] { "h1", "h2" })
            {
                await lab.ExecAsync(host, "sh", "-c", "systemctl stop keepalived; rm -f /etc/keepalived/keepalived.conf");
            }
        }
    }

    private async Task StartKeepalivedAsync(string host, int priority, string peer, string mode)
    {
        var unicast = mode == "unicast"
            ? $"  unicast_src_ip {lab.Host(host).Address}\n  unicast_peer {{\n    {lab.Host(peer).Address}\n  }}\n"
            : "";
        var config = $$"""
            vrrp_instance lab {
              state BACKUP
              interface eth0
              virtual_router_id {{50 + lab.Index}}
              priority {{priority}}
              advert_int 1
              authentication {
                auth_type PASS
                auth_pass labtest1
              }
            {{unicast}}  virtual_ipaddress {
                {{lab.VirtualIP}}/24
              }
            }

            """;
        await lab.WriteFileAsync(host, "/etc/keepalived/keepalived.conf", config);
        (await lab.ExecAsync(host, "keepalived", "-t", "-f", "/etc/keepalived/keepalived.conf")).ThrowIfFailed();
        (await lab.ExecAsync(host, "systemctl", "start", "keepalived")).ThrowIfFailed();
    }
}
