namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The stand-in's release is set when it is published (<c>-p:StandInVersion=…</c>): run on this machine, no lab.
/// </summary>
public sealed class VersionBuildTests : IDisposable
{
    private const string Newer = "v1.34.1+k0s.0";

    // The builds into the test's own directory check how the release is wired into a publish, not the ahead-of-time
    // compile (the default build and v1.34.1, which the hosts run, go through it): compiled just in time they take
    // seconds instead of a minute of both cores each.
    private const string JustInTime = "-p:PublishAot=false";
    private readonly string _dir = Directory.CreateTempSubdirectory("k0s-standin-build-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_build_published_as_another_release_prints_it()
    {
        var binary = await StandInBuilds.PathOfAsync(Newer);

        (await Run(binary, "version")).Should().Be("v1.34.1+k0s.0\n");
        (await Run(binary, "version", "--json")).Should().Be("{\"Version\":\"v1.34.1+k0s.0\"}\n");
        (await Run(binary, "version", "-a")).Should().StartWith("Version: v1.34.1+k0s.0\n").And.Contain("\nKubernetes: v1.34.1\n");
    }

    [Fact]
    public async Task The_release_is_in_the_binary_so_a_copy_keeps_it()
    {
        var copy = Path.Combine(_dir, "k0s");
        File.Copy(await StandInBuilds.PathOfAsync(Newer), copy);

        (await Run(copy, "version")).Should().Be("v1.34.1+k0s.0\n");
    }

    [Fact]
    public async Task The_default_build_stays_the_default_release_after_another_release_was_published()
    {
        await StandInBuilds.PathOfAsync(Newer);

        // Both publishes share the project's obj/: publish the default again into a fresh directory.
        (await StandInBuilds.PublishAsync(_dir, JustInTime)).ThrowIfFailed();

        (await Run(Path.Combine(_dir, "k0s"), "version")).Should().Be("v1.33.4+k0s.0\n");
        (await Run(await StandInBinary.EnsurePublishedAsync(), "version")).Should().Be("v1.33.4+k0s.0\n");
    }

    [Theory]
    [InlineData("1.34.1+k0s.0")]
    [InlineData("v1.34.1")]
    [InlineData("v1.34+k0s.0")]
    [InlineData("v1.34.1+k0s")]
    public async Task A_value_that_is_no_k0s_release_fails_the_publish(string version)
    {
        var result = await StandInBuilds.PublishAsync(_dir, $"-p:StandInVersion={version}");

        result.ExitCode.Should().NotBe(0);
        (result.StdOut + result.StdErr).Should().Contain(
            $"error STANDIN001: StandInVersion '{version}' is not a k0s release: expected vMAJOR.MINOR.PATCH[-prerelease]+k0s.N, e.g. v1.34.1+k0s.0");
        File.Exists(Path.Combine(_dir, "k0s")).Should().BeFalse();
    }

    [Fact]
    public async Task A_prerelease_is_a_k0s_release()
    {
        (await StandInBuilds.PublishAsync(_dir, JustInTime, "-p:StandInVersion=v1.35.0-rc.1+k0s.0")).ThrowIfFailed();

        (await Run(Path.Combine(_dir, "k0s"), "version", "-a")).Should().StartWith("Version: v1.35.0-rc.1+k0s.0\n").And.Contain("\nKubernetes: v1.35.0-rc.1\n");
    }

    private static async Task<string> Run(string binary, params string[] args) =>
        (await ProcessRunner.RunAsync(binary, args, TimeSpan.FromSeconds(30))).ThrowIfFailed().StdOut;
}
