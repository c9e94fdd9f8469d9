using HaCluster.Tests.Spec;

namespace HaCluster.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("hactl-validate-").FullName;

    [Fact]
    public void A_valid_config_file_exits_0_and_summarises_the_cluster()
    {
        var path = Path.Combine(directory, "cluster.yaml");
        File.WriteAllText(path, SpecTexts.HaproxyKeepalived);

        var result = Hactl.Run(["validate", "--config", path]);

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Be(
            "valid: cluster prod: 2 loadbalancer(s), 3 controller(s), 2 worker(s); haproxy-keepalived load balancer at 10.0.0.100/24\n");
        result.Error.Should().BeEmpty();
    }

    [Fact]
    public void A_dash_reads_the_config_from_stdin()
    {
        var result = Hactl.Run(["validate", "-c", "-"], SpecTexts.HaproxyKeepalived);

        result.ExitCode.Should().Be(0, result.Error);
    }

    [Fact]
    public void Every_error_is_reported_at_once_in_file_order()
    {
        const string yaml = """
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11, port: 0 }
                - role: worker
                  ssh: { adress: 10.0.0.21 }
              loadBalancer: { type: cplb, virtualIP: 10.0.0.100/24, authPass: toolongpassword }
            """;

        var result = Hactl.Validate(yaml);

        result.ExitCode.Should().Be(2);
        result.Error.Split('\n').Where(l => l.Contains(": error: ", StringComparison.Ordinal)).Should().Equal(
            "<stdin>: error: spec.hosts[0].ssh.port (line 6:40): port 0 is out of range (1-65535)",
            "<stdin>: error: spec.hosts[1].ssh.address (line 8:7): address is required",
            "<stdin>: error: spec.hosts[1].ssh.adress (line 8:14): unknown field 'adress', did you mean 'address'?",
            "<stdin>: error: spec.loadBalancer.authPass (line 9:67): authPass is 15 characters; VRRP allows at most 8");
        result.Error.Should().EndWith("<stdin>: 4 errors; nothing was contacted\n");
    }

    [Fact]
    public void Secrets_never_appear_in_the_output()
    {
        var yaml = SpecTexts.Cplb.Replace("${VRRP_PASS}", "longsecretvalue", StringComparison.Ordinal);

        var result = Hactl.Validate(yaml);

        result.ExitCode.Should().Be(2);
        (result.Out + result.Error).Should().NotContain("longsecretvalue").And.Contain("authPass is 15 characters");
    }

    [Fact]
    public void A_missing_config_file_exits_2_and_names_it()
    {
        var path = Path.Combine(directory, "absent.yaml");

        var result = Hactl.Run(["validate", "--config", path]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain($"cannot read {path}: no such file");
    }

    [Fact]
    public void Relative_local_paths_resolve_against_the_config_file_directory()
    {
        File.WriteAllText(Path.Combine(directory, "k0s"), "binary");
        var path = Path.Combine(directory, "cluster.yaml");
        File.WriteAllText(path, SpecTexts.SingleController + "\n      k0sBinaryPath: k0s\n      uploadBinary: true\n");

        var result = Hactl.Run(["validate", "--config", path]);

        result.ExitCode.Should().Be(0, result.Error);
    }

    [Fact]
    public void Validate_without_config_is_a_usage_error()
    {
        var result = Hactl.Run(["validate"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--config").And.Contain("See 'hactl validate --help'.");
    }

    [Fact]
    public void An_unknown_option_exits_2()
    {
        var result = Hactl.Run(["validate", "--config", "-", "--colour"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--colour");
    }

    [Fact]
    public void An_unknown_command_exits_2() => Hactl.Run(["deploy"]).ExitCode.Should().Be(2);

    [Fact]
    public void Validate_reads_the_file_not_stdin_when_given_a_path()
    {
        var path = Path.Combine(directory, "cluster.yaml");
        File.WriteAllText(path, SpecTexts.SingleController);

        // Broken YAML waits on stdin: had validate read it, the result would be exit 2.
        var result = Hactl.Run(["validate", "--config", path], stdin: "this is not yaml: [");

        result.ExitCode.Should().Be(0, result.Error);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
