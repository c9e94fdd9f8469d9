using HaCluster.Tests.Cli;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Spec;

/// <summary>Every config under samples/ validates as shipped, given the variables and files its comments name.</summary>
public sealed class SamplesTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("hactl-home-").FullName;

    public SamplesTests()
    {
        // samples/k0sctl.yaml names ~/.ssh/id_rsa, as k0sctl users' files do.
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        File.WriteAllText(Path.Combine(home, ".ssh", "id_rsa"), "not a real key");
    }

    private static IEnumerable<string> SampleFiles =>
        Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order();

    public static TheoryData<string> Samples => [.. SampleFiles];

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_sample_validates(string sample)
    {
        var environment = Hactl.Environment(("HOME", home), ("VRRP_PASS", "s3cret"));

        var result = Hactl.Run(["validate", "--config", Path.Combine(Repository.Root, "samples", sample)], environment: environment);

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().StartWith("valid: ");
    }

    [Fact]
    public void The_samples_cover_every_load_balancer_and_both_foreign_formats() =>
        SampleFiles.Should().Contain(
            ["haproxy-keepalived.yaml", "cplb.yaml", "external.yaml", "k0sctl.yaml", "cfctl.yaml"]);

    public void Dispose() => Directory.Delete(home, recursive: true);
}
