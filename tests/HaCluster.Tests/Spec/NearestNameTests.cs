using HaCluster.Spec.Reading;

namespace HaCluster.Tests.Spec;

public sealed class NearestNameTests
{
    private static readonly string[] Known = ["address", "user", "port", "keyPath", "bastion", "virtualRouterID"];

    [Theory]
    [InlineData("adress", "address")]
    [InlineData("addres", "address")]
    [InlineData("prot", "port")]
    [InlineData("keypath", "keyPath")]
    [InlineData("virtualRouterId", "virtualRouterID")]
    public void A_name_within_two_edits_is_suggested(string written, string expected) =>
        NearestName.Find(written, Known).Should().Be(expected);

    [Theory]
    [InlineData("hostname")]
    [InlineData("monitoring")]
    public void Nothing_is_suggested_beyond_two_edits(string written) => NearestName.Find(written, Known).Should().BeNull();

    [Fact]
    public void The_hint_reads_as_a_question() => NearestName.Hint("adress", Known).Should().Be(", did you mean 'address'?");

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("port", "prot", 2)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Distance_counts_insertions_deletions_and_substitutions(string a, string b, int distance) =>
        NearestName.Distance(a, b).Should().Be(distance);
}
