using HaCluster.Ejection;
using HaCluster.K0s;

namespace HaCluster.Tests.Operations;

public class QuorumRulesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void A_quorum_is_a_strict_majority(int members, int quorum)
    {
        QuorumRules.Quorum(members).Should().Be(quorum);
    }

    [Fact]
    public void Ejecting_one_of_three_healthy_members_is_allowed()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", true));

        var verdict = QuorumRules.Judge(health, Member(health, "c2"), force: false);

        verdict.Allowed.Should().BeTrue();
        verdict.Overridden.Should().BeEmpty();
    }

    [Fact]
    public void Ejecting_a_dead_member_of_three_is_allowed_when_the_other_two_are_healthy()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", false));

        QuorumRules.Judge(health, Member(health, "c3"), force: false).Allowed.Should().BeTrue();
    }

    [Fact]
    public void Ejecting_one_of_two_members_is_refused_even_with_force()
    {
        var health = Cluster(("c1", true), ("c2", true));

        var verdict = QuorumRules.Judge(health, Member(health, "c2"), force: true);

        verdict.Allowed.Should().BeFalse();
        verdict.Refusal.Should().Contain("would leave 1 member, fewer than the 2 that a quorum of the current 2 needs")
            .And.Contain("--force does not override this");
    }

    [Fact]
    public void Ejecting_the_only_member_is_refused_even_with_force()
    {
        var health = Cluster(("c1", true));

        QuorumRules.Judge(health, Member(health, "c1"), force: true).Refusal.Should().Contain("is the only etcd member");
    }

    [Fact]
    public void An_unhealthy_remaining_member_refuses_without_force_and_says_force_would_not_help_when_quorum_would_be_lost()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", false));

        var verdict = QuorumRules.Judge(health, Member(health, "c2"), force: false);

        verdict.Refusal.Should().Contain("remaining etcd member is unhealthy (c3: down)").And.Contain("--force would not help");
    }

    [Fact]
    public void With_force_an_unhealthy_remaining_member_still_refuses_when_the_rest_would_lose_quorum()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", false));

        var verdict = QuorumRules.Judge(health, Member(health, "c2"), force: true);

        verdict.Refusal.Should().StartWith("even with --force").And.Contain("only 1 of the 2 members left would be healthy, fewer than the quorum of 2");
    }

    [Fact]
    public void Without_force_an_unhealthy_remaining_member_refuses_and_offers_force_when_quorum_would_hold()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", true), ("c4", false));

        var verdict = QuorumRules.Judge(health, Member(health, "c3"), force: false);

        verdict.Refusal.Should().Contain("or use --force to eject anyway: 2 of the 3 members left would be healthy, still a quorum");
    }

    [Fact]
    public void With_force_an_unhealthy_remaining_member_is_overridden_when_quorum_holds()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", true), ("c4", false));

        var verdict = QuorumRules.Judge(health, Member(health, "c3"), force: true);

        verdict.Allowed.Should().BeTrue();
        verdict.Overridden.Should().Equal("etcd member c4 is unhealthy: down");
    }

    [Fact]
    public void A_cluster_without_quorum_now_cannot_remove_a_member_even_with_force()
    {
        var health = Cluster(("c1", true), ("c2", true), ("c3", false), ("c4", false));

        var verdict = QuorumRules.Judge(health, Member(health, "c4"), force: true);

        verdict.Refusal.Should().Contain("only 2 of 4 members are healthy, fewer than the quorum of 3: etcd cannot remove a member now");
    }

    private static EtcdHealth Cluster(params (string Name, bool Healthy)[] members) => new("c1",
        [.. members.Select((m, i) => new EtcdMemberHealth(
            new EtcdMember($"{i + 1}", m.Name, [$"https://10.0.0.{i + 11}:2380"], [$"https://10.0.0.{i + 11}:2379"]),
            m.Healthy, i == 0, m.Healthy ? null : "down"))]);

    private static EtcdMember Member(EtcdHealth health, string name) => health.Members.Single(m => m.Member.Name == name).Member;
}
