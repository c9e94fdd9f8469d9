using HaCluster.Tests.Cli;

namespace HaCluster.Tests.Operations;

/// <summary>What the new commands do before contacting any host.</summary>
public class OperationCommandTests
{
    [Fact]
    public void Reset_without_force_refuses_with_exit_2_before_even_reading_the_config()
    {
        var result = Hactl.Run(["reset", "--config", "/nonexistent/cluster.yaml"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("Run it again with --force").And.Contain("nothing was contacted").And.NotContain("cannot read");
    }

    [Fact]
    public void Eject_controller_needs_the_node_to_eject()
    {
        var result = Hactl.Run(["eject-controller", "--config", "cluster.yaml"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("NODE").And.Contain("hactl eject-controller --help");
    }

    [Theory]
    [InlineData("eject-controller")]
    [InlineData("status")]
    [InlineData("reset")]
    public void The_commands_are_listed_in_help(string command)
    {
        Hactl.Run(["--help"]).Out.Should().Contain($"  {command} ");
    }

    [Fact]
    public void Status_with_an_invalid_config_exits_2_and_contacts_nothing()
    {
        var result = Hactl.Run(["status", "--config", "-"], "apiVersion: hactl.dev/v1beta1\nkind: Cluster\nspec: {}\n");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("nothing was contacted");
    }
}
