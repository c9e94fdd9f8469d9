using System.CommandLine;
using System.Text.Json;
using HaCluster.Cli;
using HaCluster.Cli.Commands;
using HaCluster.Cli.Events;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Tests.Cli;

/// <summary>--transport, HACTL_TRANSPORT and HACTL_SSH_KEY_PASSPHRASE, before and as a run starts.</summary>
public sealed class TransportOptionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hactl-transport-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(null, null, TransportChoice.Auto)]
    [InlineData(null, "", TransportChoice.Auto)]
    [InlineData(null, "sshnet", TransportChoice.SshNet)]
    [InlineData(null, "OpenSSH", TransportChoice.OpenSsh)]
    [InlineData("openssh", "sshnet", TransportChoice.OpenSsh)]
    [InlineData("auto", "bogus", TransportChoice.Auto)]
    public void The_option_wins_over_the_variable_which_wins_over_auto(string? option, string? variable, TransportChoice expected)
    {
        RunOptionsBinding.ChooseTransport(option, variable, out var problem).Should().Be(expected);
        problem.Should().BeNull();
    }

    [Fact]
    public void An_invalid_variable_is_a_usage_error_naming_it()
    {
        var result = Hactl.Run(["status", "--config", "-"], OneHost("ssh: { address: 10.0.0.11 }"), Hactl.Environment(("HACTL_TRANSPORT", "putty")));

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("HACTL_TRANSPORT='putty' is not a transport: use one of auto, openssh, sshnet");
    }

    [Fact]
    public void An_invalid_option_value_is_a_usage_error()
    {
        var result = Hactl.Run(["status", "--config", "-", "--transport", "putty"], OneHost("ssh: { address: 10.0.0.11 }"));

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("putty");
    }

    [Fact]
    public void Every_command_that_reaches_hosts_takes_the_option()
    {
        foreach (var command in new[] { "apply", "kubeconfig", "eject-controller", "status", "reset", "backup" })
        {
            Hactl.Run([command, "--help"]).Out.Should().Contain("--transport", command);
        }
    }

    [Fact]
    public void Openssh_only_settings_under_sshnet_are_config_errors_with_their_paths_and_lines_and_nothing_is_contacted()
    {
        var config = Path.Combine(dir, "ssh_config");
        File.WriteAllText(config, "");
        var yaml = OneHost($$"""
            openSSH:
                    address: 10.0.0.11
                    configPath: {{config}}
                    options: { ForwardAgent: true }
            """);

        var result = Hactl.Run(["apply", "--config", "-", "--transport", "sshnet"], yaml);

        result.ExitCode.Should().Be(2, result.Error);
        result.Error.Should().Contain("<stdin>: error: spec.hosts[0].openSSH.configPath (line 8:");
        result.Error.Should().Contain("<stdin>: error: spec.hosts[0].openSSH.options (line 9:");
        result.Error.Should().Contain("2 errors; nothing was contacted");
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task An_openssh_block_with_only_address_user_port_and_key_is_served_by_sshnet()
    {
        var (output, error) = await StartRunAsync(OneHost("openSSH: { address: 10.0.0.11, user: ops, port: 2222 }"), ["--transport", "sshnet", "-o", "json"]);

        error.Should().BeEmpty();
        StartedEvent(output).GetProperty("transport").GetString().Should().Be("sshnet");
    }

    [Fact]
    public void An_openssh_block_under_auto_without_ssh_on_path_is_a_config_error_saying_what_to_do()
    {
        var result = Hactl.Run(["status", "--config", "-"], OneHost("openSSH: { address: 10.0.0.11 }"), Hactl.Environment(("PATH", dir)));

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("spec.hosts[0].openSSH (line 6:").And.Contain("no ssh client on PATH").And.Contain("install OpenSSH");
    }

    [Fact]
    public void Transport_openssh_without_ssh_on_path_is_a_usage_error()
    {
        var result = Hactl.Run(["status", "--config", "-", "--transport", "openssh"], OneHost("ssh: { address: 10.0.0.11 }"), Hactl.Environment(("PATH", dir)));

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--transport openssh: no ssh client on PATH");
    }

    [Fact]
    public async Task Auto_picks_openssh_when_ssh_is_on_path_and_says_so_in_run_started_and_the_log()
    {
        File.WriteAllText(Path.Combine(dir, "ssh"), "");
        var log = Log();

        var (output, _) = await StartRunAsync(OneHost("ssh: { address: 10.0.0.11 }"), ["-o", "json", "--log-file", log], ("PATH", dir));

        var started = StartedEvent(output);
        started.GetProperty("transport").GetString().Should().Be("openssh");
        started.TryGetProperty("otherTransportHosts", out _).Should().BeFalse();
        File.ReadAllText(log).Should().Contain("run.started").And.Contain("transport=openssh");
    }

    [Fact]
    public async Task The_variable_chooses_when_the_option_is_absent_and_the_text_output_starts_with_it()
    {
        File.WriteAllText(Path.Combine(dir, "ssh"), "");

        var (output, _) = await StartRunAsync(OneHost("ssh: { address: 10.0.0.11 }"), [], ("PATH", dir), ("HACTL_TRANSPORT", "sshnet"));

        output.Split('\n')[0].Should().Be("hactl apply over sshnet");
    }

    [Fact]
    public void The_key_passphrase_goes_to_the_transport_and_is_a_secret_of_the_run()
    {
        var binding = new RunOptionsBinding();
        var command = new Command("apply");
        binding.AddTo(command);
        var secrets = new SecretRedactor();
        using var log = new LogEventSink(Log());

        var options = binding.TransportOptions(command.Parse([]), name => name == "HACTL_SSH_KEY_PASSPHRASE" ? "open sesame 42" : null, log, secrets);

        options.KeyPassphrase.Should().Be("open sesame 42");
        secrets.Redact("ssh: key passphrase 'open sesame 42' refused").Should().NotContain("open sesame 42").And.Contain(SecretRedactor.Mask);
    }

    [Fact]
    public void A_mixed_run_names_the_main_transport_and_lists_the_hosts_on_the_other_in_json_and_text()
    {
        var started = new RunEvent { Event = EventKinds.RunStarted, Operation = "apply", Transport = "sshnet", OtherTransportHosts = ["lb1", "lb2"] };
        using var json = new StringWriter();
        using var text = new StringWriter();

        new JsonEventSink(json).Emit(started);
        new TextEventSink(text).Emit(started);

        json.ToString().Should().Contain("\"transport\":\"sshnet\",\"otherTransportHosts\":[\"lb1\",\"lb2\"]");
        text.ToString().Should().Be("hactl apply over sshnet (openssh: lb1, lb2)\n");
    }

    /// <summary>Sets an apply run up as the CLI does and runs an operation of no phases: its events, and no host contacted.</summary>
    private async Task<(string Out, string Error)> StartRunAsync(string yaml, string[] args, params (string Name, string Value)[] variables)
    {
        var config = ConfigOption.Create();
        var binding = new RunOptionsBinding();
        var command = new Command("apply") { config };
        binding.AddTo(command);
        var parseResult = command.Parse(["--config", "-", .. args, .. args.Contains("--log-file") ? Array.Empty<string>() : ["--log-file", Log()]]);
        var environment = Hactl.Environment(variables);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(new StringReader(yaml), output, error, name => environment.GetValueOrDefault(name));

        await using (var run = HostRun.Open(parseResult, console, config, binding, "apply", ScreenEvents.AllOnStdout, dryRun: true))
        {
            run.Should().NotBeNull(error.ToString());
            await run!.RunAsync(_ => new Operation("apply", Array.Empty<Phase>(), []), CancellationToken.None);
        }
        return (output.ToString(), error.ToString());
    }

    private string Log() => Path.Combine(dir, $"{Guid.NewGuid():N}.log");

    private static JsonElement StartedEvent(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .First(e => e.GetProperty("event").GetString() == EventKinds.RunStarted);

    private static string OneHost(string connection) => $"""
        apiVersion: hactl.dev/v1beta1
        kind: Cluster
        spec:
          hosts:
            - role: single
              {connection}
        """;
}
