using HaCluster.Rendering;
using YamlDotNet.Core;

namespace HaCluster.Tests.Rendering;

public sealed class YamlScalarsTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.100/24")]
    [InlineData("eth0")]
    [InlineData("k8s-api.example.com")]
    [InlineData("Keepalived")]
    public void Strings_yaml_reads_back_as_strings_are_written_plain(string value) =>
        YamlScalars.String(value).Style.Should().Be(ScalarStyle.Plain);

    [Theory]
    [InlineData("12345678")]
    [InlineData("1.32")]
    [InlineData("1e5")]
    [InlineData("0x1F")]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("2024-01-31")]
    [InlineData("fd00::1")]
    [InlineData("pa ss")]
    public void Strings_yaml_could_read_as_something_else_are_double_quoted(string value) =>
        YamlScalars.String(value).Style.Should().Be(ScalarStyle.DoubleQuoted);

    [Fact]
    public void Long_values_stay_on_one_line()
    {
        var value = string.Join('-', Enumerable.Repeat("segment", 30));

        YamlText.Serialize(new YamlDotNet.RepresentationModel.YamlMappingNode { { "key", YamlScalars.String(value) } })
            .Should().Be($"key: {value}\n");
    }
}
