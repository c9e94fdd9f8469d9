namespace HaCluster.Tests.Cli;

/// <summary>'hactl render' refuses an invalid config before rendering anything.</summary>
public sealed class RenderCommandErrorTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("hactl-render-").FullName;

    [Fact]
    public void An_invalid_config_exits_2_and_writes_nothing()
    {
        var output = Path.Combine(directory, "out");

        var result = Hactl.Run(["render", "--config", "-", "--out", output], BrokenConfigs.All["authPass missing"].Yaml);

        result.ExitCode.Should().Be(2);
        Directory.Exists(output).Should().BeFalse();
    }

    [Fact]
    public void Render_without_out_is_a_usage_error() => Hactl.Run(["render", "--config", "-"]).ExitCode.Should().Be(2);

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
