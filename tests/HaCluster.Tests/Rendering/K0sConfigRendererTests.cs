using HaCluster.Model;
using HaCluster.Rendering;
using YamlDotNet.RepresentationModel;
using static HaCluster.Tests.Fakes.TestClusters;

namespace HaCluster.Tests.Rendering;

public sealed class K0sConfigRendererTests
{
    private static YamlMappingNode RenderParsed(ClusterModel cluster, string controller = "controller-1") =>
        K0sConfig(K0sConfigRenderer.Render(cluster, cluster.Hosts.Single(h => h.Name == controller)));

    private static YamlNode? At(YamlNode root, params string[] path) =>
        path.Aggregate<string, YamlNode?>(root, (node, key) =>
            node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null);

    private static string? Text(YamlNode root, params string[] path) => (At(root, path) as YamlScalarNode)?.Value;

    private static string[] List(YamlNode root, params string[] path) =>
        ((YamlSequenceNode)At(root, path)!).Children.Select(n => ((YamlScalarNode)n).Value!).ToArray();

    [Fact]
    public void Without_a_user_config_the_document_is_a_cluster_config_named_after_the_cluster()
    {
        var config = RenderParsed(Cluster(HaproxyKeepalived(), lbHosts: 1));

        Text(config, "apiVersion").Should().Be("k0s.k0sproject.io/v1beta1");
        Text(config, "kind").Should().Be("ClusterConfig");
        Text(config, "metadata", "name").Should().Be("prod");
    }

    [Fact]
    public void The_file_starts_with_the_managed_header()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 1);

        K0sConfigRenderer.Render(cluster, cluster.Controllers.First()).Should().StartWith(ManagedFiles.Header + "\napiVersion: ");
    }

    [Fact]
    public void Api_address_and_etcd_peer_address_are_each_controllers_own_private_address()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 3);

        foreach (var (name, address) in new[] { ("controller-1", "10.0.0.11"), ("controller-3", "10.0.0.13") })
        {
            var config = RenderParsed(cluster, name);
            Text(config, "spec", "api", "address").Should().Be(address);
            Text(config, "spec", "storage", "etcd", "peerAddress").Should().Be(address);
        }
    }

    [Fact]
    public void Sans_keep_the_users_entries_first_then_the_lb_address_then_every_controller_each_once()
    {
        var user = K0sConfig("spec: { api: { sans: [api.example.com, 10.0.0.12, api.example.com] } }");

        var config = RenderParsed(Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 3, k0sConfig: user));

        List(config, "spec", "api", "sans").Should().Equal("api.example.com", "10.0.0.12", "10.0.0.100", "10.0.0.11", "10.0.0.13");
    }

    [Theory]
    [InlineData(LoadBalancerType.HaproxyKeepalived, Vip)]
    [InlineData(LoadBalancerType.Cplb, Vip)]
    [InlineData(LoadBalancerType.External, "k8s-api.example.com")]
    [InlineData(LoadBalancerType.None, null)]
    public void External_address_is_the_load_balancers_client_address(LoadBalancerType type, string? expected)
    {
        var lb = type switch
        {
            LoadBalancerType.HaproxyKeepalived => HaproxyKeepalived(),
            LoadBalancerType.Cplb => Cplb(),
            LoadBalancerType.External => External(),
            _ => NoLoadBalancer,
        };

        var config = RenderParsed(Cluster(lb, controllers: 1));

        Text(config, "spec", "api", "externalAddress").Should().Be(expected);
    }

    [Fact]
    public void Without_a_load_balancer_the_users_external_address_is_kept()
    {
        var user = K0sConfig("spec: { api: { externalAddress: api.example.com } }");

        var config = RenderParsed(Cluster(NoLoadBalancer, controllers: 1, k0sConfig: user));

        Text(config, "spec", "api", "externalAddress").Should().Be("api.example.com");
    }

    [Fact]
    public void With_node_local_load_balancing_no_external_address_is_set_but_the_vip_is_a_san()
    {
        var user = K0sConfig("spec: { network: { nodeLocalLoadBalancing: { enabled: true, type: EnvoyProxy } } }");

        var config = RenderParsed(Cluster(Cplb(), controllers: 3, k0sConfig: user));

        At(config, "spec", "api", "externalAddress").Should().BeNull("k0s refuses externalAddress together with NLLB");
        List(config, "spec", "api", "sans").Should().Contain(Vip);
    }

    [Fact]
    public void Peer_address_is_left_alone_when_storage_is_not_etcd()
    {
        var user = K0sConfig("spec: { storage: { type: kine } }");

        var config = RenderParsed(Cluster(NoLoadBalancer, controllers: 1, k0sConfig: user));

        At(config, "spec", "storage", "etcd").Should().BeNull();
        Text(config, "spec", "storage", "type").Should().Be("kine");
    }

    [Fact]
    public void Cplb_adds_a_vrrp_instance_with_the_vip_auth_pass_router_id_and_interface()
    {
        var config = RenderParsed(Cluster(Cplb(), controllers: 3, privateInterface: "eth1"));

        var cplb = At(config, "spec", "network", "controlPlaneLoadBalancing")!;
        Text(cplb, "enabled").Should().Be("true");
        Text(cplb, "type").Should().Be("Keepalived");
        var instance = ((YamlSequenceNode)At(cplb, "keepalived", "vrrpInstances")!).Children.Should().ContainSingle().Subject;
        List(instance, "virtualIPs").Should().Equal("10.0.0.100/24");
        Text(instance, "authPass").Should().Be(AuthPass);
        Text(instance, "virtualRouterID").Should().Be("52");
        Text(instance, "interface").Should().Be("eth1");
        At(instance, "unicastSourceIP").Should().BeNull();
    }

    [Fact]
    public void Cplb_without_a_known_interface_leaves_the_choice_to_k0s()
    {
        var config = RenderParsed(Cluster(Cplb(), controllers: 3));

        var instance = ((YamlSequenceNode)At(config, "spec", "network", "controlPlaneLoadBalancing", "keepalived", "vrrpInstances")!)[0];
        At(instance, "interface").Should().BeNull();
    }

    [Fact]
    public void Cplb_unicast_names_this_controller_as_source_and_the_other_controllers_as_peers()
    {
        var config = RenderParsed(Cluster(Cplb(unicast: true), controllers: 3), "controller-2");

        var instance = ((YamlSequenceNode)At(config, "spec", "network", "controlPlaneLoadBalancing", "keepalived", "vrrpInstances")!)[0];
        Text(instance, "unicastSourceIP").Should().Be("10.0.0.12");
        List(instance, "unicastPeers").Should().Equal("10.0.0.11", "10.0.0.13");
    }

    [Fact]
    public void The_users_own_cplb_block_is_kept_as_written()
    {
        const string block = "{ enabled: true, type: Keepalived, keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.200/24], authPass: mine } ] } }";
        var user = K0sConfig($"spec: {{ network: {{ controlPlaneLoadBalancing: {block} }} }}");

        var config = RenderParsed(Cluster(Cplb(), controllers: 3, k0sConfig: user));

        At(config, "spec", "network", "controlPlaneLoadBalancing").Should().Be(K0sConfig($"x: {block}").Children[new YamlScalarNode("x")]);
    }

    [Fact]
    public void Outside_cplb_no_control_plane_load_balancing_is_added()
    {
        var config = RenderParsed(Cluster(HaproxyKeepalived(), lbHosts: 2, controllers: 3));

        At(config, "spec", "network").Should().BeNull();
    }

    [Fact]
    public void The_users_config_node_is_not_changed()
    {
        const string yaml = "spec: { api: { sans: [a.example.com] }, network: { provider: calico } }";
        var user = K0sConfig(yaml);

        RenderParsed(Cluster(Cplb(unicast: true), controllers: 3, k0sConfig: user));

        YamlText.Serialize(user).Should().Be(YamlText.Serialize(K0sConfig(yaml)));
    }

    [Fact]
    public void The_users_keys_keep_their_order_and_quoting()
    {
        var user = K0sConfig("""
            spec:
              images:
                konnectivity:
                  version: "0.1"
              api:
                port: 6443
            """);
        var cluster = Cluster(NoLoadBalancer, controllers: 1, k0sConfig: user);

        var text = K0sConfigRenderer.Render(cluster, cluster.Controllers.First());

        text.Should().Contain("""
            spec:
              images:
                konnectivity:
                  version: "0.1"
              api:
                port: 6443
                address: 10.0.0.11
            """);
    }

    [Fact]
    public void A_value_yaml_would_read_as_a_number_is_written_as_a_string()
    {
        var config = RenderParsed(Cluster(Cplb() with { AuthPass = "12345678" }, controllers: 3));

        var authPass = (YamlScalarNode)At(config, "spec", "network", "controlPlaneLoadBalancing", "keepalived", "vrrpInstances")!
            .AllNodes.OfType<YamlMappingNode>().Single().Children[new YamlScalarNode("authPass")];
        authPass.Value.Should().Be("12345678");
        authPass.Style.Should().Be(YamlDotNet.Core.ScalarStyle.DoubleQuoted);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("True")]
    public void Node_local_load_balancing_reads_yaml_booleans_as_the_validator_and_k0s_do(string enabled)
    {
        var user = K0sConfig($"spec: {{ network: {{ nodeLocalLoadBalancing: {{ enabled: {enabled} }} }} }}");

        var config = RenderParsed(Cluster(Cplb(), controllers: 3, k0sConfig: user));

        At(config, "spec", "api", "externalAddress").Should().BeNull();
    }

    [Fact]
    public void A_part_of_the_user_config_that_is_not_a_mapping_is_refused_naming_its_path()
    {
        var cluster = Cluster(NoLoadBalancer, controllers: 1, k0sConfig: K0sConfig("spec: { api: [1, 2] }"));

        var render = () => K0sConfigRenderer.Render(cluster, cluster.Controllers.First());

        render.Should().Throw<InvalidOperationException>().WithMessage("spec.k0s.config.spec.api must be a mapping");
    }

    [Fact]
    public void Sans_that_are_not_a_list_are_refused_naming_their_path()
    {
        var cluster = Cluster(NoLoadBalancer, controllers: 1, k0sConfig: K0sConfig("spec: { api: { sans: one.example.com } }"));

        var render = () => K0sConfigRenderer.Render(cluster, cluster.Controllers.First());

        render.Should().Throw<InvalidOperationException>().WithMessage("spec.k0s.config.spec.api.sans must be a list of addresses");
    }

    [Fact]
    public void A_worker_is_refused()
    {
        var cluster = Cluster(NoLoadBalancer, controllers: 1, workers: 1);

        var render = () => K0sConfigRenderer.Render(cluster, cluster.Workers.First());

        render.Should().Throw<ArgumentException>().WithMessage("spec.hosts[1] is not a controller*");
    }

    [Theory]
    [MemberData(nameof(Topologies.Names), MemberType = typeof(Topologies))]
    public void Every_rendered_k0s_config_parses_back_to_the_controllers_settings(string topology)
    {
        var cluster = Topologies.All[topology];

        foreach (var controller in cluster.Controllers)
        {
            var config = RenderParsed(cluster, controller.Name);
            Text(config, "spec", "api", "address").Should().Be(controller.PrivateAddress);
            List(config, "spec", "api", "sans").Should().Contain(cluster.Controllers.Select(c => c.PrivateAddress));
            if (cluster.LoadBalancer.Type == LoadBalancerType.Cplb)
            {
                At(config, "spec", "network", "controlPlaneLoadBalancing", "enabled").Should().Be(new YamlScalarNode("true"));
            }
        }
    }
}
