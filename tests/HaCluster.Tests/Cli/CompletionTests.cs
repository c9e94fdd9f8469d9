namespace HaCluster.Tests.Cli;

public sealed class CompletionTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F _hactl_complete hactl")]
    [InlineData("zsh", "compdef _hactl hactl")]
    public void The_script_asks_hactl_for_suggestions(string shell, string registration)
    {
        var result = Hactl.Run(["completion", shell]);

        result.ExitCode.Should().Be(0);
        result.Out.Should().Contain("hactl \"[suggest:").And.Contain(registration);
    }

    [Fact]
    public void An_unknown_shell_is_a_usage_error() => Hactl.Run(["completion", "fish"]).ExitCode.Should().Be(2);

    [Fact]
    public void The_suggest_directive_lists_the_commands()
    {
        var result = Hactl.Run(["[suggest:6]", "hactl "]);

        result.ExitCode.Should().Be(0);
        result.Out.Split('\n').Should().Contain(["completion", "init", "render", "validate", "version"]);
    }

    [Fact]
    public void The_suggest_directive_completes_option_values()
    {
        var result = Hactl.Run(["[suggest:18]", "hactl init --lb cp"]);

        result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("cplb");
    }
}
