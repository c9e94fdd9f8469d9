using HaCluster.Ejection;
using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Operations;

public class NodeMatchTests
{
    private static readonly IReadOnlyList<KnownHost> Hosts =
        [.. TestClusters.Ops().Hosts.Select(h => new KnownHost(h, h.Role == HostRole.LoadBalancer ? "lb-1" : $"node-{h.Name}"))];

    private static readonly EtcdMember[] Members =
    [
        new("1", "node-c1", ["https://10.0.0.11:2380"], ["https://10.0.0.11:2379"]),
        new("2", "node-c2", ["https://10.0.0.12:2380"], ["https://10.0.0.12:2379"]),
        new("3", "node-c3", ["https://10.0.0.13:2380"], ["https://10.0.0.13:2379"]),
    ];

    [Theory]
    [InlineData("c2")]
    [InlineData("10.0.0.12")]
    [InlineData("node-c2")]
    [InlineData("NODE-C2")]
    public void A_controller_is_found_by_config_name_address_or_hostname_in_any_case(string node)
    {
        var match = NodeMatch.Find(node, Hosts, Members, []);

        match.Should().BeOfType<NodeMatch.Controller>().Which.Host.Host.Name.Should().Be("c2");
    }

    [Fact]
    public void An_unreachable_controller_is_found_by_its_etcd_member_name_through_its_peer_address()
    {
        var hosts = Hosts.Select(h => h.Host.Name == "c3" ? h with { Hostname = null } : h).ToList();

        var match = NodeMatch.Find("node-c3", hosts, Members, []);

        match.Should().BeOfType<NodeMatch.Controller>().Which.Host.Host.Name.Should().Be("c3");
    }

    [Fact]
    public void A_member_whose_host_left_the_config_is_found_as_a_member_only()
    {
        EtcdMember[] members = [.. Members, new("4", "old-4", ["https://10.0.0.14:2380"], ["https://10.0.0.14:2379"])];

        var match = NodeMatch.Find("old-4", Hosts, members, []);

        match.Should().BeOfType<NodeMatch.MemberOnly>().Which.Member.Id.Should().Be("4");
    }

    [Fact]
    public void A_controller_ejected_earlier_and_gone_from_the_config_is_already_ejected()
    {
        var record = new EjectedController("10.0.0.14", "old-4", DateTimeOffset.UnixEpoch);

        NodeMatch.Find("old-4", Hosts, Members, [record]).Should().Be(new NodeMatch.AlreadyEjected(record));
        NodeMatch.Find("10.0.0.14", Hosts, Members, [record]).Should().Be(new NodeMatch.AlreadyEjected(record));
    }

    [Fact]
    public void A_worker_is_not_a_controller()
    {
        NodeMatch.Find("w1", Hosts, Members, []).Should().BeOfType<NodeMatch.NotAController>();
    }

    [Fact]
    public void An_unknown_name_lists_the_controllers()
    {
        var match = NodeMatch.Find("nope", Hosts, Members, []);

        match.Should().BeOfType<NodeMatch.Unknown>().Which.Known.Should().Equal("c1 (node-c1)", "c2 (node-c2)", "c3 (node-c3)");
    }

    [Fact]
    public void A_name_two_hosts_answer_to_is_ambiguous()
    {
        var hosts = Hosts.Select(h => h.Host.Name == "c3" ? h with { Hostname = "c2" } : h).ToList();

        NodeMatch.Find("c2", hosts, Members, []).Should().BeOfType<NodeMatch.Ambiguous>()
            .Which.Candidates.Should().Equal("c2 (spec.hosts[2])", "c3 (spec.hosts[3])");
    }
}
