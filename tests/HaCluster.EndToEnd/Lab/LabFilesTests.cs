namespace HaCluster.EndToEnd.Lab;

/// <summary>The files `lab up` hands over: hosts.json, known_hosts, ssh_config and a ready cluster.yaml.</summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class LabFilesTests(SelfTestLab lab)
{
    [Fact]
    public void Hosts_json_reflects_the_host_options()
    {
        lab.Hosts.Select(h => (h.Name, h.User, h.Port, h.Sudo)).Should().Equal(
            ("h1", "root", 22, "none"),
            ("h2", "root", 22, "none"),
            ("h3", "deploy", 22, "nopasswd"),
            ("h4", "deploy", 22, "password"),
            ("h5", "root", 2222, "none"));
        lab.Host("h4").SudoPassword.Should().NotBeNullOrEmpty();
        lab.Hosts.Should().AllSatisfy(h => h.KeyPath.Should().Be(lab.KeyPath));
    }

    [Fact]
    public void Hosts_are_numbered_on_the_labs_own_subnet()
    {
        lab.Hosts.Select(h => h.Address).Should().Equal(
            Enumerable.Range(1, 5).Select(n => $"10.99.{lab.Index}.{10 + n}"));
    }

    [Fact]
    public async Task Known_hosts_pins_each_hosts_own_key_at_its_address_and_port()
    {
        var knownHosts = await File.ReadAllLinesAsync(lab.KnownHostsPath);

        foreach (var host in lab.Hosts)
        {
            var key = string.Join(' ', (await lab.ReadFileAsync(host.Name, "/etc/ssh/ssh_host_ed25519_key.pub")).Split(' ')[..2]);
            var target = host.Port == 22 ? host.Address : $"[{host.Address}]:{host.Port}";

            knownHosts.Should().Contain($"{target} {key}");
        }
    }

    [Fact]
    public async Task Ssh_config_reaches_each_host_by_name()
    {
        foreach (var host in lab.Hosts)
        {
            var result = (await ProcessRunner.RunAsync("ssh", ["-F", lab.SshConfigPath, host.Name, "hostname"], TimeSpan.FromSeconds(30)))
                .ThrowIfFailed();

            result.StdOut.Trim().Should().Be(host.Name);
        }
    }

    [Fact]
    public void Cluster_yaml_is_an_hactl_cluster_of_two_load_balancers_and_three_controllers()
    {
        var yaml = YamlFile.Load(lab.ClusterYamlPath);

        yaml.Scalar("apiVersion").Should().Be("hactl.dev/v1beta1");
        yaml.Scalar("kind").Should().Be("Cluster");
        yaml.Scalar("spec.k0s.version").Should().Be("v1.33.4+k0s.0");
        yaml.Items("spec.hosts").Select(h => (h.Scalar("role"), h.Scalar("ssh.address"))).Should().Equal(
            lab.Hosts.Select(h => ((string?)h.Role, (string?)h.Address)));
        lab.Hosts.Select(h => h.Role).Should().Equal("loadbalancer", "loadbalancer", "controller", "controller", "controller");
    }

    [Fact]
    public void Cluster_yaml_connects_to_every_host_as_hosts_json_says()
    {
        var hosts = YamlFile.Load(lab.ClusterYamlPath).Items("spec.hosts");

        hosts.Select(h => (h.Scalar("ssh.address"), h.Scalar("ssh.user"), h.Scalar("ssh.port"), h.Scalar("ssh.keyPath"))).Should().Equal(
            lab.Hosts.Select(h => ((string?)h.Address, (string?)h.User, (string?)h.Port.ToString(), (string?)h.KeyPath)));
    }

    [Fact]
    public void Cluster_yaml_uploads_the_published_k0s_stand_in_to_every_k0s_host()
    {
        var standIn = Path.Combine(Lab.RepoRoot, "artifacts", "k0s-stand-in", "k0s");
        var k0sHosts = YamlFile.Load(lab.ClusterYamlPath).Items("spec.hosts").Where(h => h.Scalar("role") != "loadbalancer").ToList();

        k0sHosts.Should().HaveCount(3).And.AllSatisfy(h =>
        {
            h.Scalar("uploadBinary").Should().Be("true");
            h.Scalar("k0sBinaryPath").Should().Be(standIn);
        });
        File.Exists(standIn).Should().BeTrue();
    }

    [Fact]
    public void Cluster_yaml_load_balancer_has_a_free_lab_address_its_own_router_id_and_a_password()
    {
        var yaml = YamlFile.Load(lab.ClusterYamlPath);

        yaml.Scalar("spec.loadBalancer.type").Should().Be("haproxy-keepalived");
        yaml.Scalar("spec.loadBalancer.virtualIP").Should().Be($"10.99.{lab.Index}.250/24");
        lab.Hosts.Select(h => h.Address).Should().NotContain(lab.VirtualIP);
        yaml.Scalar("spec.loadBalancer.virtualRouterID").Should().Be((50 + lab.Index).ToString());
        yaml.Scalar("spec.loadBalancer.authPass").Should().MatchRegex("^[A-Za-z0-9]{8}$");
    }

    [Fact]
    public void Up_never_prints_the_vrrp_password()
    {
        var password = YamlFile.Load(lab.ClusterYamlPath).Scalar("spec.loadBalancer.authPass")!;

        lab.UpResult!.StdOut.Should().Contain(lab.ClusterYamlPath).And.NotContain(password);
        lab.UpResult.StdErr.Should().NotContain(password);
    }
}
