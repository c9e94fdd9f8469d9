using HaCluster.Tests.Cli;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

/// <summary>Broken YAML is reported with its line and column, never with a stack trace.</summary>
public sealed class YamlSyntaxTests
{
    [Fact]
    public void A_syntax_error_names_its_line_and_column()
    {
        var result = Specs.Load("apiVersion: hactl.dev/v1beta1\nspec:\n  hosts: [ { role: controller }\n");

        result.Errors.Should().ContainSingle().Which.Position.Should().Be(new HaCluster.Spec.SourcePosition(4, 1));
        result.Errors[0].Message.Should().StartWith("invalid YAML:");
    }

    [Fact]
    public void A_tab_for_indentation_is_a_syntax_error_at_its_line()
    {
        var result = Specs.Load("apiVersion: hactl.dev/v1beta1\nkind: Cluster\nspec:\n\thosts: []\n");

        result.Errors.Should().ContainSingle().Which.Position!.Value.Line.Should().Be(4);
    }

    [Fact]
    public void The_command_prints_no_stack_trace_for_broken_yaml()
    {
        var result = Hactl.Validate("a: [1, 2\nb: {");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("error: line ").And.NotContain("   at ").And.NotContain("Exception");
    }

    [Fact]
    public void An_empty_file_says_so()
    {
        var result = Specs.Load("# only a comment\n");

        result.Errors.Should().ContainSingle().Which.Message.Should().StartWith("the file is empty");
    }
}
