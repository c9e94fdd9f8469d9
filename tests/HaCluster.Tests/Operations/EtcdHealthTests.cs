using HaCluster.K0s;

namespace HaCluster.Tests.Operations;

public class EtcdHealthTests
{
    [Fact]
    public void Replies_are_split_per_url_with_curls_exit_code()
    {
        var replies = EtcdApi.ParseReplies(EtcdCaptures.StatusOutputWithH5Down);

        replies.Select(r => (r.Url, r.ExitCode, r.Answered)).Should().Equal(
            ("https://10.99.3.14:2379/v3/maintenance/status", 0, true),
            ("https://10.99.3.15:2379/v3/maintenance/status", 7, false),
            ("https://10.99.3.13:2379/v3/maintenance/status", 0, true));
        replies[1].Body.Should().StartWith("curl: (7) Failed to connect");
    }

    [Fact]
    public void The_member_list_gives_ids_names_and_urls()
    {
        var list = EtcdApi.ParseReplies(EtcdCaptures.MemberListOutput).Single();

        var members = EtcdMember.ParseList(list.Body);

        members.Select(m => (m.Id, m.Name, m.PeerUrl, m.ClientUrls[0])).Should().Equal(
            (EtcdCaptures.H4Id, "h4", "https://10.99.3.14:2380", "https://10.99.3.14:2379"),
            (EtcdCaptures.H5Id, "h5", "https://10.99.3.15:2380", "https://10.99.3.15:2379"),
            (EtcdCaptures.H3Id, "h3", "https://10.99.3.13:2380", "https://10.99.3.13:2379"));
    }

    [Fact]
    public void A_member_added_but_never_started_has_no_name_and_is_unhealthy()
    {
        var members = EtcdMember.ParseList("""{"members":[{"ID":"42","peerURLs":["https://10.0.0.9:2380"]}]}""");

        var health = EtcdHealth.Evaluate("c1", members, []);

        members[0].IsStarted.Should().BeFalse();
        members[0].DisplayName.Should().Be("https://10.0.0.9:2380");
        health.Members[0].Healthy.Should().BeFalse();
        health.Members[0].Problem.Should().Contain("not started");
    }

    [Fact]
    public void Members_that_answer_as_themselves_and_follow_a_leader_are_healthy_and_the_leader_is_marked()
    {
        var health = Evaluate(EtcdCaptures.StatusOutput(
            ("https://10.99.3.14:2379", EtcdCaptures.Status(EtcdCaptures.H4Id, EtcdCaptures.H3Id)),
            ("https://10.99.3.15:2379", EtcdCaptures.Status(EtcdCaptures.H5Id, EtcdCaptures.H3Id)),
            ("https://10.99.3.13:2379", EtcdCaptures.Status(EtcdCaptures.H3Id, EtcdCaptures.H3Id))));

        health.Members.Should().OnlyContain(m => m.Healthy);
        health.Leader!.Member.Name.Should().Be("h3");
    }

    [Fact]
    public void A_member_that_does_not_answer_is_unhealthy_with_curls_reason()
    {
        var health = Evaluate(EtcdCaptures.StatusOutputWithH5Down);

        var h5 = health.Members.Single(m => m.Member.Name == "h5");
        h5.Healthy.Should().BeFalse();
        h5.Problem.Should().Be("no answer at https://10.99.3.15:2379: curl: (7) Failed to connect to 10.99.3.15 port 2379 after 0 ms: Couldn't connect to server");
        health.Healthy.Select(m => m.Member.Name).Should().BeEquivalentTo("h3", "h4");
    }

    [Fact]
    public void A_member_with_an_alarm_is_unhealthy()
    {
        var health = Evaluate(EtcdCaptures.StatusOutput(
            ("https://10.99.3.14:2379", EtcdCaptures.Status(EtcdCaptures.H4Id, EtcdCaptures.H3Id, ""","errors":["NOSPACE"]""")),
            ("https://10.99.3.15:2379", EtcdCaptures.Status(EtcdCaptures.H5Id, EtcdCaptures.H3Id)),
            ("https://10.99.3.13:2379", EtcdCaptures.Status(EtcdCaptures.H3Id, EtcdCaptures.H3Id))));

        health.Members.Single(m => m.Member.Name == "h4").Problem.Should().Be("NOSPACE");
    }

    [Fact]
    public void A_member_without_a_leader_is_unhealthy()
    {
        var health = Evaluate(EtcdCaptures.StatusOutput(
            ("https://10.99.3.14:2379", EtcdCaptures.Status(EtcdCaptures.H4Id, "0")),
            ("https://10.99.3.15:2379", "curl: (28) Operation timed out"),
            ("https://10.99.3.13:2379", "curl: (28) Operation timed out")));

        health.Members.Should().OnlyContain(m => !m.Healthy);
        health.Leader.Should().BeNull();
        health.Members.Single(m => m.Member.Name == "h4").Problem.Should().Be("has no leader");
    }

    private static EtcdHealth Evaluate(string statusOutput) => EtcdHealth.Evaluate(
        "10.99.3.13",
        EtcdMember.ParseList(EtcdApi.ParseReplies(EtcdCaptures.MemberListOutput)[0].Body),
        EtcdApi.ParseReplies(statusOutput));
}
