namespace HaCluster.Tests.Cli;

public sealed class InitCommandTests
{
    private static readonly Dictionary<string, string> WithPassword = Hactl.Environment(("VRRP_PASS", "s3cret"));

    [Theory]
    [InlineData("haproxy-keepalived", 3, 2)]
    [InlineData("cplb", 3, 3)]
    [InlineData("external", 5, 0)]
    [InlineData("haproxy-keepalived", 1, 240)]
    public void The_printed_config_passes_validate(string lb, int controllers, int workers)
    {
        var init = Hactl.Run(["init", "--lb", lb, "--controllers", $"{controllers}", "--workers", $"{workers}"]);

        var validate = Hactl.Validate(init.Out, WithPassword);

        init.ExitCode.Should().Be(0);
        validate.ExitCode.Should().Be(0, validate.Error);
        validate.Out.Should().Contain($"{controllers} controller(s)");
    }

    [Fact]
    public void The_default_is_three_controllers_two_workers_and_haproxy_keepalived()
    {
        var init = Hactl.Run(["init"]);

        var validate = Hactl.Validate(init.Out, WithPassword);

        validate.Out.Should().Be(
            "valid: cluster k0s-cluster: 2 loadbalancer(s), 3 controller(s), 2 worker(s); haproxy-keepalived load balancer at 10.0.0.100/24\n");
        validate.Error.Should().BeEmpty("the default cluster is highly available: no warnings");
    }

    [Fact]
    public void The_printed_config_explains_itself_and_keeps_the_password_out()
    {
        var init = Hactl.Run(["init", "--lb", "cplb"]);

        init.Out.Should().Contain("# ").And.Contain("authPass: ${VRRP_PASS}").And.Contain("export VRRP_PASS=");
    }

    [Theory]
    [InlineData("--controllers", "0")]
    [InlineData("--controllers", "10")]
    [InlineData("--workers", "-1")]
    [InlineData("--lb", "nginx")]
    public void Out_of_range_options_are_usage_errors(string option, string value)
    {
        var init = Hactl.Run(["init", option, value]);

        init.ExitCode.Should().Be(2);
        init.Out.Should().BeEmpty();
        init.Error.Should().Contain(value);
    }
}
