using HaCluster.K0s;

namespace HaCluster.Tests.K0s;

/// <summary>k0s versions as k0sctl's version library reads and orders them.</summary>
public class K0sVersionTests
{
    [Theory]
    [InlineData("v1.34.1+k0s.0", 1, 34, 1, null, 0)]
    [InlineData("1.34.1+k0s.2", 1, 34, 1, null, 2)]
    [InlineData("v1.35.0-rc.1+k0s.0", 1, 35, 0, "rc.1", 0)]
    public void A_k0s_version_is_read_with_or_without_its_v(string text, int major, int minor, int patch, string? pre, int build) =>
        K0sVersion.Parse(text).Should().Be(new K0sVersion(major, minor, patch, pre, build));

    [Theory]
    [InlineData("v1.34.1")]
    [InlineData("1.34")]
    [InlineData("latest")]
    [InlineData("v1.34.1+k0s")]
    [InlineData("")]
    public void Anything_else_is_not_a_k0s_version(string text) => K0sVersion.Parse(text).Should().BeNull();

    [Theory]
    [InlineData("v1.33.4+k0s.0", "v1.34.1+k0s.0")]
    [InlineData("v1.34.1+k0s.0", "v1.34.1+k0s.1")]
    [InlineData("v1.35.0-rc.1+k0s.0", "v1.35.0+k0s.0")]
    [InlineData("v1.35.0-rc.10+k0s.0", "v1.35.0-rc.2+k0s.0")]
    [InlineData("v1.9.9+k0s.0", "v1.10.0+k0s.0")]
    public void Versions_are_ordered_by_number_then_release_after_prerelease_then_build(string older, string newer)
    {
        var (a, b) = (K0sVersion.Parse(older)!, K0sVersion.Parse(newer)!);
        (a < b).Should().BeTrue();
        (b > a).Should().BeTrue();
    }

    [Fact]
    public void The_v_is_added_when_it_was_left_out_and_the_kubernetes_release_is_the_core()
    {
        K0sVersion.WithLeadingV("1.34.1+k0s.0").Should().Be("v1.34.1+k0s.0");
        K0sVersion.WithLeadingV("stable").Should().Be("stable");
        K0sVersion.Parse("v1.34.1+k0s.3")!.Kubernetes.Should().Be("v1.34.1");
    }

    [Theory]
    [InlineData("v1.33.4+k0s.0", "v1.34.1+k0s.0", 1)]
    [InlineData("v1.33.4+k0s.0", "v1.35.0+k0s.0", 2)]
    [InlineData("v1.33.4+k0s.0", "v1.33.9+k0s.0", 0)]
    [InlineData("v1.33.4+k0s.0", "v2.0.0+k0s.0", int.MaxValue)]
    public void Minor_steps_between_versions_are_counted(string from, string to, int minors) =>
        K0sVersion.Parse(from)!.MinorsTo(K0sVersion.Parse(to)!).Should().Be(minors);
}
