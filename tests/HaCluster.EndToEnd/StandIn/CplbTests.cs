namespace HaCluster.EndToEnd.StandIn;

/// <summary>k0s's control plane load balancing: keepalived on the controllers moving the VIP by VRRP.</summary>
[Collection(SharedStandInCluster.Name)]
public sealed class CplbTests(StandInCluster cluster)
{
    private const string CaPath = "/root/cluster-ca.crt";

    [Fact]
    public async Task Exactly_one_controller_holds_the_virtual_IP()
    {
        var holders = await cluster.VipHoldersAsync();

        holders.Should().ContainSingle();
    }

    [Fact]
    public async Task The_API_answers_on_the_virtual_IP()
    {
        var result = await ReadyzOnVipAsync();

        result.Should().Be("ok");
    }

    [Fact]
    public async Task The_API_certificate_is_valid_for_the_virtual_IP()
    {
        await TrustClusterCaAsync();

        var result = await cluster.Worker.ExecAsync("curl", "-s", "--max-time", "10", "--cacert", CaPath, $"https://{cluster.VirtualIP}:6443/version");

        result.ExitCode.Should().Be(0, "curl verifies the certificate against the cluster CA and the VIP: " + result.StdErr);
    }

    [Fact]
    public async Task The_worker_reaches_the_API_through_the_virtual_IP()
    {
        var kubeletConf = await cluster.Worker.ReadFileAsync("/var/lib/k0s/kubelet.conf");

        kubeletConf.Should().Contain($"    server: https://{cluster.VirtualIP}:6443\n");
    }

    [Fact]
    public async Task The_virtual_IP_moves_when_its_holder_stops()
    {
        var holder = await cluster.WaitForVipHolderAsync();
        try
        {
            await holder.SystemctlAsync("stop", "k0scontroller");

            var next = await cluster.WaitForVipHolderAsync(except: holder);
            next.Should().NotBe(holder);
            await Poll.UntilAsync("the API to answer ok on the VIP", TimeSpan.FromSeconds(30), ReadyzOnVipAsync, readyz => readyz == "ok");
        }
        finally
        {
            await holder.SystemctlAsync("start", "k0scontroller");
            await ClusterSteps.WaitReadyAsync(holder);
        }
    }

    [Fact]
    public async Task Keepalived_runs_the_unicast_vrrp_instance_k0s_renders()
    {
        var controller = cluster.Controllers[0];
        var nic = (await controller.ExecAsync("sh", "-c", "ip -o -4 addr show | awk -v a=\"$1\" 'index($4, a\"/\")==1 {print $2}'", "sh", controller.Address)).StdOut.Trim();

        var config = await controller.ReadFileAsync("/run/k0s/keepalived.conf");

        config.Should().Be(
            "vrrp_instance k0s-vip-0 {\n    state BACKUP\n    interface " + nic + "\n    virtual_router_id 51\n    priority 200\n" +
            "    advert_int 1\n    authentication {\n        auth_type PASS\n        auth_pass " + StandInCluster.AuthPass + "\n    }\n" +
            "    virtual_ipaddress {\n        " + cluster.VirtualIP + "/24\n    }\n" +
            "    unicast_src_ip " + controller.Address + "\n    unicast_peer {\n" +
            string.Concat(cluster.Controllers.Skip(1).Select(c => "        " + c.Address + "\n")) + "    }\n}\n");
        (await controller.ExecAsync("pgrep", "-f", "keepalived --dont-fork --use-file /run/k0s/keepalived.conf")).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Virtual_servers_are_rendered_over_every_API_server_but_not_loaded_without_IPVS()
    {
        var controller = cluster.Controllers[1];
        const string file = "/run/k0s/keepalived-virtualservers-generated.conf";

        await Poll.UntilAsync("every controller to be a real server", TimeSpan.FromSeconds(30), () => controller.ReadFileAsync(file),
            text => cluster.Controllers.All(c => text.Contains($"real_server {c.Address} 6443", StringComparison.Ordinal)));

        var rendered = await controller.ReadFileAsync(file);
        rendered.Should().StartWith($"virtual_server {cluster.VirtualIP} 6443 {{\n    delay_loop 60\n    lb_algo rr\n    lb_kind DR\n    persistence_timeout 360\n    protocol TCP\n");
        rendered.Should().Contain($"    real_server {cluster.First.Address} 6443 {{\n        weight 1\n        TCP_CHECK {{\n");
        (await controller.ReadFileAsync("/run/k0s/keepalived.conf")).Should().NotContain("include");
    }

    private async Task TrustClusterCaAsync() =>
        await cluster.Worker.WriteFileAsync(CaPath, await cluster.Controllers[0].ReadFileAsync("/var/lib/k0s/pki/ca.crt"), "0644");

    private async Task<string> ReadyzOnVipAsync()
    {
        await TrustClusterCaAsync();
        return (await cluster.Worker.ExecAsync("curl", "-s", "--max-time", "10", "--cacert", CaPath, $"https://{cluster.VirtualIP}:6443/readyz")).StdOut;
    }
}
