using System.Net.Sockets;

namespace HaCluster.EndToEnd.Lab;

/// <summary>An external-topology lab and a cplb lab, brought up at the same moment.</summary>
public sealed class TwoLabsAtOnce : IAsyncLifetime
{
    /// <summary>h1 the lab-made external HAProxy, h2-h3 controllers.</summary>
    public Lab External { get; } = new(new LabOptions { Hosts = 3, Topology = LabTopologies.External });

    /// <summary>h1-h2 controllers.</summary>
    public Lab Cplb { get; } = new(new LabOptions { Hosts = 2, Topology = LabTopologies.Cplb });

    public async Task InitializeAsync()
    {
        try
        {
            await Task.WhenAll(External.InitializeAsync(), Cplb.InitializeAsync());
        }
        catch
        {
            await DisposeAsync();   // the one that did come up
            throw;
        }
    }

    public Task DisposeAsync() => Task.WhenAll(External.DisposeAsync(), Cplb.DisposeAsync());
}

/// <summary>Several labs live side by side, and the topologies other than the default are set up as promised.</summary>
public sealed class ConcurrentLabsTests(TwoLabsAtOnce labs) : IClassFixture<TwoLabsAtOnce>
{
    [Fact]
    public void Labs_up_at_the_same_time_get_distinct_indexes_and_subnets()
    {
        labs.External.Index.Should().NotBe(labs.Cplb.Index);
        labs.External.Hosts.Select(h => h.Address).Should().NotIntersectWith(labs.Cplb.Hosts.Select(h => h.Address));
    }

    [Fact]
    public async Task Each_lab_reaches_only_its_own_hosts()
    {
        var own = await labs.Cplb.ExecAsync("h1", "ping", "-c", "1", "-W", "1", labs.Cplb.Host("h2").Address);
        var other = await labs.Cplb.ExecAsync("h1", "ping", "-c", "1", "-W", "1", labs.External.Host("h2").Address);

        own.ExitCode.Should().Be(0);
        other.ExitCode.Should().NotBe(0, "hosts have no route out of their lab's subnet");
    }

    [Fact]
    public void External_cluster_yaml_leaves_h1_out_and_points_the_load_balancer_at_it()
    {
        var yaml = YamlFile.Load(labs.External.ClusterYamlPath);

        yaml.Scalar("spec.loadBalancer.type").Should().Be("external");
        yaml.Scalar("spec.loadBalancer.address").Should().Be(labs.External.Host("h1").Address);
        yaml.Items("spec.hosts").Select(h => (h.Scalar("role"), h.Scalar("ssh.address"))).Should().Equal(
            ("controller", labs.External.Host("h2").Address),
            ("controller", labs.External.Host("h3").Address));
        labs.External.Host("h1").Role.Should().Be("external-loadbalancer");
    }

    [Theory]
    [InlineData(6443)]
    [InlineData(8132)]
    [InlineData(9443)]
    public async Task External_h1_runs_haproxy_forwarding_the_port_to_a_live_controller(int port)
    {
        var lab = labs.External;
        (await lab.ExecAsync("h1", "systemctl", "is-active", "haproxy")).StdOut.Trim().Should().Be("active");
        var unit = $"lab-listener-{port}";
        try
        {
            (await lab.ExecAsync("h2", "systemd-run", $"--unit={unit}", "socat", $"TCP-LISTEN:{port},fork,reuseaddr", "SYSTEM:echo answered-by-h2"))
                .ThrowIfFailed();

            await Poll.UntilAsync($"h1:{port} to forward to h2 once its health check sees h2 up", TimeSpan.FromSeconds(20),
                () => ReadLineAsync(lab.Host("h1").Address, port), line => line == "answered-by-h2");
        }
        finally
        {
            await lab.ExecAsync("h2", "systemctl", "stop", unit);
        }
    }

    [Fact]
    public void Cplb_cluster_yaml_has_only_controllers_and_a_virtual_ip_on_the_lab_subnet()
    {
        var yaml = YamlFile.Load(labs.Cplb.ClusterYamlPath);

        yaml.Scalar("spec.loadBalancer.type").Should().Be("cplb");
        yaml.Scalar("spec.loadBalancer.virtualIP").Should().Be($"10.99.{labs.Cplb.Index}.250/24");
        yaml.Items("spec.hosts").Select(h => h.Scalar("role")).Should().Equal("controller", "controller");
    }

    private static async Task<string?> ReadLineAsync(string address, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(address, port, timeout.Token);
            using var reader = new StreamReader(client.GetStream());
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
