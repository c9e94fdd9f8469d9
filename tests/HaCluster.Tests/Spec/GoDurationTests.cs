using HaCluster.Spec;

namespace HaCluster.Tests.Spec;

/// <summary>One reader and writer of Go durations for configs, --timeout and k0s's --expiry.</summary>
public class GoDurationTests
{
    [Theory]
    [InlineData("5m", 300_000)]
    [InlineData("90s", 90_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2m0s", 120_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    public void Go_durations_are_read_with_every_unit(string text, double milliseconds)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();

        value.TotalMilliseconds.Should().Be(milliseconds);
    }

    [Theory]
    [InlineData("five minutes")]
    [InlineData("5")]
    [InlineData("")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    public void Anything_else_is_not_a_duration(string text)
    {
        GoDuration.IsValid(text).Should().BeFalse();
    }

    [Theory]
    [InlineData("45s")]
    [InlineData("30m0s")]
    [InlineData("1h30m0s")]
    public void What_is_written_reads_back_as_the_same_duration(string written)
    {
        GoDuration.TryParse(written, out var value).Should().BeTrue();

        GoDuration.Format(value).Should().Be(written);
    }
}
