namespace HaCluster.Tests.Cli;

/// <summary>
/// Every broken config is refused by 'hactl validate' with exit code 2 and a message naming its exact YAML
/// path and line, run through the real command line in-process.
/// </summary>
public sealed class BrokenConfigTests
{
    [Theory]
    [MemberData(nameof(BrokenConfigs.Names), MemberType = typeof(BrokenConfigs))]
    public void Validate_exits_2_and_names_the_path_and_line(string name)
    {
        var broken = BrokenConfigs.All[name];

        var result = Hactl.Validate(broken.Yaml);

        result.ExitCode.Should().Be(2, result.Error);
        var where = broken.Path.Length == 0 ? $"line {broken.Line}:" : $"{broken.Path} (line {broken.Line}:";
        result.Error.Split('\n').Should().Contain(
            line => line.Contains($"error: {where}", StringComparison.Ordinal) && line.Contains(broken.Message, StringComparison.Ordinal),
            $"the error should read '{where} ... {broken.Message}', but hactl wrote:\n{result.Error}");
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public void There_are_at_least_25_broken_configs() => BrokenConfigs.All.Should().HaveCountGreaterThanOrEqualTo(25);
}
