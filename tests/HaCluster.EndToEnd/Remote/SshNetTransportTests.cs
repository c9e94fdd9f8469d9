using System.Globalization;
using HaCluster.Model;
using HaCluster.Remote;
using HaCluster.TestSupport;
using ProcessRunner = HaCluster.TestSupport.ProcessRunner;

namespace HaCluster.EndToEnd.Remote;

/// <summary>
/// The SSH.NET transport against real sshd: the transport contract, and what hactl adds to SSH.NET (agent, passphrases,
/// certificates, known_hosts in OpenSSH's format, the channel limit, commands bounded on the host).
/// </summary>
[Collection(SharedTransportLab.Name)]
public sealed class SshNetTransportTests(TransportLab lab) : TransportContractTests(lab), IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(30);

    // Keys, agent socket and known_hosts files of one test; short, for the agent's socket path.
    private readonly string scratch = Directory.CreateTempSubdirectory("hactl-sn-").FullName;

    protected override ITransport Create(TransportOptions options) => new SshNetTransport(options, agent: null);

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Without_a_key_path_it_logs_in_with_the_agents_key_and_is_refused_once_the_agent_holds_none()
    {
        var socket = Path.Combine(scratch, "agent");
        using var agent = await StartAgentAsync(socket);
        (await AgentAsync(socket, "ssh-add", "-q", Lab.KeyPath)).ThrowIfFailed();
        var host = Host("h1", Connection(Lab.Host("h1")) with { KeyPath = null });
        await using var transport = new SshNetTransport(Options, new SshAgentClient(socket));

        await using (var connection = await transport.ConnectAsync(host, CancellationToken.None))
        {
            (await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un"))).Trim().Should().Be("root");
        }
        (await AgentAsync(socket, "ssh-add", "-D")).ThrowIfFailed();
        var again = () => transport.ConnectAsync(host, CancellationToken.None);

        (await again.Should().ThrowAsync<RemoteException>()).Which.Failure.Should().Be(RemoteFailure.AuthenticationRefused);
    }

    [Fact]
    public async Task An_agents_rsa_key_signs_with_sha2()
    {
        var key = await NewKeyAsync("id_agent_rsa", "rsa", passphrase: "");
        await AuthorizeAsync("h1", key);
        var socket = Path.Combine(scratch, "agent");
        using var agent = await StartAgentAsync(socket);
        (await AgentAsync(socket, "ssh-add", "-q", key)).ThrowIfFailed();
        await using var transport = new SshNetTransport(Options, new SshAgentClient(socket));

        await using var connection = await transport.ConnectAsync(Host("h1", Connection(Lab.Host("h1")) with { KeyPath = null }), CancellationToken.None);

        (await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un"))).Trim().Should().Be("root");
    }

    [Fact]
    public async Task An_encrypted_key_opens_with_the_passphrase_and_without_it_fails_naming_the_key_and_the_variable()
    {
        const string passphrase = "correct horse battery";
        var key = await NewKeyAsync("id_pass", "ed25519", passphrase);
        await AuthorizeAsync("h1", key);
        var host = Host("h1", Connection(Lab.Host("h1")) with { KeyPath = key });

        await using (var connection = await ConnectAsync(host, Options with { KeyPassphrase = passphrase }))
        {
            (await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un"))).Trim().Should().Be("root");
        }
        var withoutPassphrase = () => ConnectAsync(host, Options);
        var withWrongPassphrase = () => ConnectAsync(host, Options with { KeyPassphrase = "wrong horse" });

        var missing = (await withoutPassphrase.Should().ThrowAsync<RemoteException>()).Which;
        missing.Failure.Should().Be(RemoteFailure.AuthenticationRefused);
        missing.Message.Should().Contain(key).And.Contain("HACTL_SSH_KEY_PASSPHRASE");
        var wrong = (await withWrongPassphrase.Should().ThrowAsync<RemoteException>()).Which;
        wrong.Failure.Should().Be(RemoteFailure.AuthenticationRefused);
        wrong.Message.Should().Contain(key).And.NotContain("wrong horse");
    }

    [Fact]
    public async Task A_key_no_host_authorizes_logs_in_with_its_certificate_from_the_lab_ca_and_not_without_it()
    {
        var key = await NewKeyAsync("id_cert", "ed25519", passphrase: "");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-s", Lab.UserCaKeyPath, "-I", "hactl-test", "-n", "root", "-V", "+1h", key + ".pub"], Quick))
            .ThrowIfFailed();
        var host = Host("h1", Connection(Lab.Host("h1")) with { KeyPath = key });

        await using (var connection = await ConnectAsync(host, Options))
        {
            (await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un"))).Trim().Should().Be("root");
        }
        File.Delete(key + "-cert.pub");
        var withoutCertificate = () => ConnectAsync(host, Options);

        (await withoutCertificate.Should().ThrowAsync<RemoteException>()).Which.Failure.Should().Be(RemoteFailure.AuthenticationRefused);
    }

    [Fact]
    public async Task A_host_known_only_by_its_rsa_key_is_checked_against_it_under_strict_checking()
    {
        var knownHosts = await RsaOnlyKnownHostsAsync();

        await using var connection = await ConnectAsync(Host("h1", Connection(Lab.Host("h1"))), Options with { KnownHostsFile = knownHosts, StrictHostKeyChecking = true });

        (await connection.RunCheckedAsync(RemoteCommand.Exec("true"))).Should().BeEmpty();
    }

    [Fact]
    public async Task A_host_known_only_by_its_rsa_key_gets_no_new_line_under_accept_new()
    {
        var knownHosts = await RsaOnlyKnownHostsAsync();
        var before = await File.ReadAllTextAsync(knownHosts);

        await using (var connection = await ConnectAsync(Host("h1", Connection(Lab.Host("h1"))), Options with { KnownHostsFile = knownHosts }))
        {
            await connection.RunCheckedAsync(RemoteCommand.Exec("true"));
        }

        (await File.ReadAllTextAsync(knownHosts)).Should().Be(before);
    }

    [Fact]
    public async Task A_new_host_under_accept_new_is_recorded_as_openssh_reads_it()
    {
        var knownHosts = Path.Combine(scratch, "known_hosts");
        var h2 = Lab.Host("h2");

        await using (var connection = await ConnectAsync(Host("h2", Connection(h2)), Options with { KnownHostsFile = knownHosts }))
        {
            await connection.RunCheckedAsync(RemoteCommand.Exec("true"));
        }

        // The system ssh, strict, with only the file SSH.NET wrote: it finds the host there.
        (await ProcessRunner.RunAsync("ssh",
            [
                "-i", Lab.KeyPath, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={knownHosts}", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", h2.Port.ToString(CultureInfo.InvariantCulture),
                $"{h2.User}@{h2.Address}", "true",
            ], Quick)).ThrowIfFailed();
        (await File.ReadAllLinesAsync(knownHosts)).Should().ContainSingle().Which.Should().StartWith($"[{h2.Address}]:{h2.Port} ssh-ed25519 ");
    }

    [Fact]
    public async Task A_hashed_known_hosts_entry_is_matched_under_strict_checking()
    {
        var knownHosts = Path.Combine(scratch, "known_hosts");
        File.Copy(Lab.KnownHostsPath, knownHosts);
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-H", "-f", knownHosts], Quick)).ThrowIfFailed();
        (await File.ReadAllTextAsync(knownHosts)).Should().NotContain(Lab.Host("h2").Address, "ssh-keygen -H hashed every name");

        await using var connection = await ConnectAsync(Host("h2", Connection(Lab.Host("h2"))), Options with { KnownHostsFile = knownHosts, StrictHostKeyChecking = true });

        (await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un") with { AsRoot = false })).Trim().Should().Be("deploy");
    }

    [Fact]
    public async Task A_revoked_host_key_is_refused_even_when_another_line_knows_it()
    {
        var h1 = Lab.Host("h1");
        var knownHosts = Path.Combine(scratch, "known_hosts");
        var key = (await Lab.ExecAsync("h1", "cat", "/etc/ssh/ssh_host_ed25519_key.pub")).ThrowIfFailed().StdOut.Split(' ');
        await File.WriteAllTextAsync(knownHosts, $"{h1.Address} {key[0]} {key[1]}\n@revoked * {key[0]} {key[1]}\n");

        var connect = () => ConnectAsync(Host("h1", Connection(h1)), Options with { KnownHostsFile = knownHosts });

        var error = (await connect.Should().ThrowAsync<RemoteException>()).Which;
        error.Failure.Should().Be(RemoteFailure.HostKeyRejected);
        error.Message.Should().Contain("@revoked").And.Contain("SHA256:");
    }

    [Fact]
    public async Task Twenty_commands_at_once_on_one_connection_all_complete_with_never_more_than_the_channel_limit_running()
    {
        const int limit = 3;
        await Lab.ExecAsync("h1", "rm", "-rf", "/run/hactl-channels", "/run/hactl-channels.seen");
        await using var connection = await ConnectAsync(Host("h1", Connection(Lab.Host("h1"))), Options with { ChannelLimit = limit });
        // Each command registers itself, records how many are registered, stays a second, and leaves.
        var command = RemoteCommand.Script("count channels", """
            mkdir -p /run/hactl-channels; touch "/run/hactl-channels/$$"
            ls /run/hactl-channels | wc -l >> /run/hactl-channels.seen
            sleep 1; rm -f "/run/hactl-channels/$$"
            """);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => connection.RunAsync(command)));

        results.Should().OnlyContain(result => result.ExitCode == 0);
        var seen = (await Lab.ReadFileAsync("h1", "/run/hactl-channels.seen")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line.Trim(), CultureInfo.InvariantCulture)).ToList();
        seen.Should().HaveCount(20);
        seen.Max().Should().BeLessThanOrEqualTo(limit);
    }

    [Theory]
    [InlineData("h1")]
    [InlineData("h2")]
    public async Task A_cancelled_command_is_gone_from_the_host_once_its_bound_has_passed(string name)
    {
        var seconds = Random.Shared.Next(400, 900).ToString(CultureInfo.InvariantCulture);
        await using var connection = await ConnectAsync(Host(name, Connection(Lab.Host(name))), Options with { CommandBound = TimeSpan.FromSeconds(3) });
        using var cancel = new CancellationTokenSource();

        var run = connection.RunAsync(RemoteCommand.Exec("sleep", seconds), null, cancel.Token);
        await Poll.UntilAsync($"sleep {seconds} runs on {name}", TimeSpan.FromSeconds(60), async () => await IsRunningAsync(name, $"^sleep {seconds}$"));
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        await Poll.UntilAsync($"sleep {seconds} and what ran it are gone from {name}", TimeSpan.FromSeconds(60),
            async () => !await IsRunningAsync(name, $"sleep {seconds}"));
    }

    [Fact]
    public async Task A_command_that_runs_past_its_bound_is_stopped_on_the_host_and_reported_as_such()
    {
        await using var connection = await ConnectAsync(Host("h2", Connection(Lab.Host("h2"))), Options with { CommandBound = TimeSpan.FromSeconds(2) });
        var command = RemoteCommand.Exec("sleep", "120");

        var result = await connection.RunAsync(command);

        result.ExitCode.Should().Be(RemoteCommand.BoundExceededExitCode);
        connection.Failure(command, result).Message.Should().Contain("sleep 120").And.Contain("ran past");
    }

    [Fact]
    public async Task Ssh_config_and_openssh_options_are_refused_as_the_sshnet_transport_cannot_honour_them()
    {
        var host = Host("h1", Connection(Lab.Host("h1")) with { Options = new Dictionary<string, string> { ["Compression"] = "yes" } });

        var connect = () => ConnectAsync(host, Options);

        (await connect.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("OpenSSH transport");
    }

    private async Task<bool> IsRunningAsync(string host, string pattern) =>
        (await Lab.ExecAsync(host, "pgrep", "-f", pattern)).ExitCode == 0;

    // Only the host's RSA key, under its name: the lab's own known_hosts lists its ed25519 key.
    private async Task<string> RsaOnlyKnownHostsAsync()
    {
        var h1 = Lab.Host("h1");
        var rsa = (await Lab.ExecAsync("h1", "cat", "/etc/ssh/ssh_host_rsa_key.pub")).ThrowIfFailed().StdOut.Split(' ');
        rsa[0].Should().Be("ssh-rsa");
        var knownHosts = Path.Combine(scratch, "known_hosts");
        await File.WriteAllTextAsync(knownHosts, $"{h1.Address} {rsa[0]} {rsa[1]}\n");
        return knownHosts;
    }

    private async Task<string> NewKeyAsync(string name, string type, string passphrase)
    {
        var key = Path.Combine(scratch, name);
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-C", name, "-f", key], Quick)).ThrowIfFailed();
        return key;
    }

    // Adds the key to what root on the host accepts; the lab key stays, so other tests are unaffected.
    private async Task AuthorizeAsync(string host, string key) =>
        (await Lab.ExecAsync(host, "sh", "-c", "printf '%s\\n' \"$1\" >> /root/.ssh/authorized_keys", "sh", (await File.ReadAllTextAsync(key + ".pub")).Trim()))
            .ThrowIfFailed();

    // An agent of this test's own, in the foreground so its process is ours to end (disposing it kills that PID).
    private static async Task<StartedProcess> StartAgentAsync(string socket)
    {
        var agent = ProcessRunner.Start("ssh-agent", ["-D", "-a", socket]);
        try
        {
            await Poll.UntilAsync($"ssh-agent listens at {socket}", Quick, () => Task.FromResult(File.Exists(socket) || agent.HasExited));
            agent.HasExited.Should().BeFalse("ssh-agent must keep running");
            return agent;
        }
        catch
        {
            agent.Dispose();
            throw;
        }
    }

    private static Task<ProcessResult> AgentAsync(string socket, string program, params string[] args) =>
        ProcessRunner.RunAsync("env", [$"SSH_AUTH_SOCK={socket}", program, .. args], Quick);
}
