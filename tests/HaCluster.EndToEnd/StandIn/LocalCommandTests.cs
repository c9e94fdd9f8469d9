using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The stand-in's commands that touch nothing (version, usage errors, config validate, status of nothing),
/// run on this machine without a lab.
/// </summary>
public sealed class LocalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("k0s-standin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Version_prints_the_k0s_release()
    {
        var result = await K0sAsync("version");

        result.ExitCode.Should().Be(0);
        result.StdOut.Should().Be("v1.33.4+k0s.0\n");
    }

    [Fact]
    public async Task Version_all_says_it_is_a_stand_in()
    {
        var result = await K0sAsync("version", "-a");

        result.StdOut.Should().StartWith("Version: v1.33.4+k0s.0\n").And.Contain("\nstand-in: true (hactl lab)\n");
    }

    [Fact]
    public async Task Version_all_reports_the_etcd_the_controllers_really_run()
    {
        var result = await K0sAsync("version", "--all");

        result.StdOut.Should().MatchRegex("\nEtcd: v3\\.4\\.\\d+\n");
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_with_a_usage_hint()
    {
        var result = await K0sAsync("bogus");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unknown command \"bogus\" for \"k0s\"\nRun 'k0s --help' for usage.\n");
    }

    [Fact]
    public async Task An_unknown_flag_is_an_error_naming_it()
    {
        var result = await K0sAsync("token", "create", "--x");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unknown flag: --x\n");
    }

    [Fact]
    public async Task A_flag_without_its_value_is_an_error()
    {
        var result = await K0sAsync("config", "validate", "--config");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: flag needs an argument: --config\n");
    }

    [Fact]
    public async Task An_unknown_shorthand_flag_is_an_error_naming_it()
    {
        var result = await K0sAsync("status", "-x");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unknown shorthand flag: 'x' in -x\n");
    }

    [Fact]
    public async Task A_boolean_flag_rejects_a_value_that_is_no_boolean()
    {
        var result = await K0sAsync("token", "create", "--wait=maybe");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: invalid argument \"maybe\" for \"--wait\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\n");
    }

    [Fact]
    public async Task Token_create_rejects_an_expiry_that_is_no_Go_duration()
    {
        var result = await K0sAsync("token", "create", "--expiry", "30 minutes");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: time: invalid duration \"30 minutes\"\n");
    }

    [Fact]
    public async Task Token_create_rejects_an_unknown_role()
    {
        var result = await K0sAsync("token", "create", "--role=admin");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unsupported role \"admin\"; supported roles are \"controller\" and \"worker\"\n");
    }

    [Theory]
    [InlineData("--config={0}")]
    [InlineData("--config {0}")]
    [InlineData("-c {0}")]
    public async Task Config_validate_accepts_a_valid_file_silently_whichever_way_the_flag_is_written(string flag)
    {
        var path = Write("valid.yaml", """
            apiVersion: k0s.k0sproject.io/v1beta1
            kind: ClusterConfig
            spec:
              api:
                address: 10.0.0.11
                externalAddress: lb.example.com
                sans: [10.0.0.11, 10.0.0.12]
              storage:
                etcd:
                  peerAddress: 10.0.0.11
              network:
                provider: calico
                calico: {mode: vxlan}
            """);

        var result = await K0sAsync(["config", "validate", .. string.Format(System.Globalization.CultureInfo.InvariantCulture, flag, path).Split(' ')]);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Should().BeEmpty();
        result.StdErr.Should().BeEmpty();
    }

    [Fact]
    public async Task Config_validate_rejects_an_unknown_field_naming_it_and_its_line()
    {
        var path = Write("unknown.yaml", "apiVersion: k0s.k0sproject.io/v1beta1\nkind: ClusterConfig\nspec:\n  api:\n    address: 10.0.0.11\n    adress: 10.0.0.12\n");

        var result = await K0sAsync("config", "validate", $"--config={path}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: error unmarshaling JSON: while decoding JSON: json: unknown field \"adress\" (spec.api.adress, line 6)\n");
    }

    [Fact]
    public async Task Config_validate_reports_k0s_CPLB_rules()
    {
        var path = Write("cplb.yaml", """
            spec:
              api:
                address: 10.0.0.11
              network:
                controlPlaneLoadBalancing:
                  enabled: true
                  keepalived:
                    vrrpInstances:
                    - virtualIPs: ["10.0.0.100/24"]
                      interface: eth0
                      authPass: much-too-long
            """);

        var result = await K0sAsync("config", "validate", $"--config={path}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: spec: controlPlaneLoadBalancing: AuthPass must be 8 characters or less\n");
    }

    [Fact]
    public async Task Config_validate_rejects_an_address_that_is_no_IP()
    {
        var path = Write("address.yaml", "spec:\n  api:\n    address: controller-1\n");

        var result = await K0sAsync("config", "validate", $"--config={path}");

        result.StdErr.Should().Be("Error: spec: api: address: Invalid value: \"controller-1\": invalid IP address\n");
    }

    [Fact]
    public async Task Status_without_a_running_k0s_fails_naming_the_socket()
    {
        var socket = Path.Combine(_dir, "status.sock");

        var result = await K0sAsync("status", $"--status-socket={socket}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: status: can't get \"status\" via \"{socket}\": Get \"http://localhost/status\": dial unix {socket}: connect: no such file or directory\n");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<ProcessResult> K0sAsync(params string[] args) =>
        await ProcessRunner.RunAsync(await StandInBinary.EnsurePublishedAsync(), args, TimeSpan.FromSeconds(30));
}
