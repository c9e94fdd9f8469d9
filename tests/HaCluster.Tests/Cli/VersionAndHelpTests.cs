namespace HaCluster.Tests.Cli;

public sealed class VersionAndHelpTests
{
    [Fact]
    public void Version_prints_the_tool_and_its_version()
    {
        var result = Hactl.Run(["version"]);

        result.ExitCode.Should().Be(0);
        result.Out.Should().MatchRegex(@"^hactl \d+\.\d+\.\d+\n$");
    }

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("render")]
    [InlineData("init")]
    [InlineData("version")]
    [InlineData("completion")]
    public void Help_is_available_everywhere(params string[] command)
    {
        var result = Hactl.Run([.. command, "--help"]);

        result.ExitCode.Should().Be(0);
        result.Out.Should().Contain("Usage:").And.Contain($"hactl {string.Join(' ', command)}".TrimEnd());
    }

    [Fact]
    public void The_root_help_lists_the_commands()
    {
        var result = Hactl.Run(["--help"]);

        result.Out.Should().Contain("validate").And.Contain("render").And.Contain("init").And.Contain("completion");
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var result = Hactl.Run([]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("See 'hactl --help'.");
    }
}
