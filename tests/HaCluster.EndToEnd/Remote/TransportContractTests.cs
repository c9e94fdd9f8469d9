using System.Text;
using HaCluster.EndToEnd.Lab;
using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.EndToEnd.Remote;

/// <summary>
/// A two-host lab: h1 plain root (with an RSA host key beside its ed25519 one, which known_hosts leaves out), h2
/// reached as a sudo user on port 2222.
/// </summary>
public sealed class TransportLab() : Lab.Lab(new LabOptions
{
    Hosts = 2,
    HostOptions = ["h1:rsa-host-key=yes", "h2:user=deploy,sudo=nopasswd,port=2222"],
});

/// <summary>The transports' tests share one lab and run one at a time (some stop sshd or change what a host accepts).</summary>
[CollectionDefinition(Name)]
public sealed class SharedTransportLab : ICollectionFixture<TransportLab>
{
    public const string Name = "transport lab";
}

/// <summary>
/// What every transport must do against real sshd: commands, sudo, streamed output, uploads, bastions and host keys.
/// Each transport runs all of it through its own subclass.
/// </summary>
public abstract class TransportContractTests(TransportLab lab)
{
    protected TransportLab Lab => lab;

    /// <summary>The transport under test.</summary>
    protected abstract ITransport Create(TransportOptions options);

    protected TransportOptions Options => new() { KnownHostsFile = lab.KnownHostsPath, ConnectAttempts = 2, ConnectDeadline = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task A_command_returns_its_exit_code_stdout_and_stderr_separately()
    {
        await using var connection = await ConnectAsync("h1");

        var result = await connection.RunAsync(RemoteCommand.Script("t", "echo out; echo err >&2; exit 7"));

        result.Should().Be(new HaCluster.Remote.CommandResult(7, "out\n", "err\n"));
    }

    [Fact]
    public async Task A_first_command_run_while_connecting_answers_as_a_command_and_the_connection_serves_the_next_ones()
    {
        foreach (var name in new[] { "h1", "h2" })
        {
            var transport = Create(Options);
            try
            {
                var (connection, first) = await transport.ConnectRunningAsync(Host(name, Connection(lab.Host(name))),
                    RemoteCommand.Script("t", "id -un; echo err >&2; exit 3"), CancellationToken.None);
                await using (connection)
                {
                    first.Should().Be(new HaCluster.Remote.CommandResult(3, "root\n", "err\n"), "as root, through sudo on h2");
                    (await connection.RunCheckedAsync(RemoteCommand.Exec("echo", "next"))).Should().Be("next\n");
                }
            }
            finally
            {
                await transport.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Commands_of_a_sudo_user_run_as_root_unless_they_ask_not_to()
    {
        await using var connection = await ConnectAsync("h2");

        var asRoot = await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un"));
        var asUser = await connection.RunCheckedAsync(RemoteCommand.Exec("id", "-un") with { AsRoot = false });

        asRoot.Trim().Should().Be("root");
        asUser.Trim().Should().Be("deploy");
    }

    [Fact]
    public async Task Streamed_stdout_arrives_byte_for_byte_through_sudo_with_stderr_kept_apart()
    {
        await using var connection = await ConnectAsync("h2");
        using var received = new MemoryStream();

        // Half a megabyte of random bytes (NULs and invalid UTF-8 included); their hash and the user on stderr.
        var result = await connection.RunToStreamAsync(RemoteCommand.Script("random bytes", """
            f=$(mktemp); head -c 524288 /dev/urandom > "$f"; cat "$f"
            sha256sum "$f" | cut -d' ' -f1 >&2; id -un >&2; rm -f "$f"
            """), received);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().BeEmpty();
        var stderr = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        stderr.Should().Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(received.ToArray())), "root");
        received.Length.Should().Be(524288);
    }

    [Fact]
    public async Task An_upload_lands_whole_with_its_mode_and_owner_and_leaves_no_temp_file()
    {
        await using var connection = await ConnectAsync("h2");
        var content = Encoding.UTF8.GetBytes("secret: it's \"quoted\" $HOME\n");

        await connection.UploadAsync(content, "/etc/hactl-test/a file", "0600", "root:root");

        (await lab.ReadFileAsync("h2", "/etc/hactl-test/a file")).Should().Be("secret: it's \"quoted\" $HOME\n");
        (await lab.ExecAsync("h2", "stat", "-c", "%a %U:%G", "/etc/hactl-test/a file")).StdOut.Trim().Should().Be("600 root:root");
        (await lab.ExecAsync("h2", "ls", "-A", "/etc/hactl-test")).StdOut.Trim().Should().Be("a file");
    }

    [Fact]
    public async Task A_command_given_no_input_reads_end_of_file_at_once()
    {
        await using var connection = await ConnectAsync("h2");
        // Generous: only there so a command left waiting for input fails the test instead of hanging it.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var noInput = await connection.RunAsync(RemoteCommand.Exec("wc", "-c"), null, hang.Token);
        var emptyInput = await connection.RunAsync(RemoteCommand.Exec("wc", "-c"), [], hang.Token);
        var someInput = await connection.RunAsync(RemoteCommand.Exec("wc", "-c"), Encoding.UTF8.GetBytes("four"), hang.Token);

        noInput.Stdout.Trim().Should().Be("0");
        emptyInput.Stdout.Trim().Should().Be("0");
        someInput.Stdout.Trim().Should().Be("4");
    }

    [Fact]
    public async Task A_checked_upload_lands_when_its_hash_matches_and_an_empty_one_lands_empty()
    {
        await using var connection = await ConnectAsync("h1");
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await connection.UploadCheckedAsync(new MemoryStream(content), sha, "/var/lib/hactl-test/blob", "0640", null, hang.Token);
        await connection.UploadCheckedAsync(new MemoryStream(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([])),
            "/var/lib/hactl-test/empty", "0600", null, hang.Token);

        (await Lab.ExecAsync("h1", "sh", "-c", "sha256sum < /var/lib/hactl-test/blob; stat -c '%s %a' /var/lib/hactl-test/empty"))
            .ThrowIfFailed().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal($"{sha}  -", "0 600");
    }

    [Fact]
    public async Task A_checked_upload_whose_content_differs_from_its_hash_fails_and_leaves_the_file_as_it_was()
    {
        await using var connection = await ConnectAsync("h1");
        await connection.UploadAsync(Encoding.UTF8.GetBytes("old\n"), "/var/lib/hactl-test/kept", "0644");

        var upload = () => connection.UploadCheckedAsync(new MemoryStream(Encoding.UTF8.GetBytes("new\n")), new string('0', 64), "/var/lib/hactl-test/kept", "0644");

        (await upload.Should().ThrowAsync<RemoteException>()).Which.Message.Should().Contain("sha256");
        (await Lab.ReadFileAsync("h1", "/var/lib/hactl-test/kept")).Should().Be("old\n");
        (await Lab.ExecAsync("h1", "ls", "-A", "/var/lib/hactl-test")).StdOut.Should().NotContain("hactl-");
    }

    [Fact]
    public async Task A_host_behind_a_bastion_is_reached_through_it_with_the_bastions_own_settings()
    {
        var h1 = lab.Host("h1");
        var connection = Connection(lab.Host("h2")) with { Bastion = Connection(h1) };
        await using var transport = Create(Options);
        await using var viaBastion = await transport.ConnectAsync(Host("h2", connection), CancellationToken.None);

        // sshd on h2 names the client it sees: the bastion, not this machine.
        var client = await viaBastion.RunCheckedAsync(RemoteCommand.Script("client", "echo \"$SSH_CONNECTION\"") with { AsRoot = false });

        client.Split(' ')[0].Should().Be(h1.Address);
    }

    [Fact]
    public async Task A_host_cut_off_while_a_command_runs_fails_the_command_as_unreachable_instead_of_waiting_for_it()
    {
        await using var connection = await ConnectAsync("h1");
        var running = connection.RunCheckedAsync(RemoteCommand.Exec("sleep", "271"));
        await Poll.UntilAsync("the sleep to run on h1", TimeSpan.FromSeconds(30),
            async () => (await lab.ExecAsync("h1", "pgrep", "-f", "^sleep 271$")).Succeeded);
        await lab.FaultAsync(LabFaults.Isolate, "h1");
        try
        {
            // The bound only keeps a transport that waits for the sleep from hanging the suite: it fails the test.
            var error = (await FluentActions.Awaiting(() => running.WaitAsync(TimeSpan.FromSeconds(120))).Should().ThrowAsync<RemoteException>()).Which;

            // (OpenSSH's client says "server not responding" only at a log level hactl hides: its failure is exit 255.)
            error.Message.Should().Contain("h1");
        }
        finally
        {
            await lab.FaultAsync(LabFaults.Restore, "h1");
            await lab.ExecAsync("h1", "pkill", "-f", "^sleep 271$");
        }
    }

    [Fact]
    public async Task Strict_mode_refuses_a_host_whose_key_is_not_known()
    {
        var empty = Path.Combine(lab.Dir, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, "");
        await using var transport = Create(Options with { KnownHostsFile = empty, StrictHostKeyChecking = true });

        var connect = () => transport.ConnectAsync(Host("h1", Connection(lab.Host("h1"))), CancellationToken.None);

        (await connect.Should().ThrowAsync<RemoteException>()).Which.Failure.Should().Be(RemoteFailure.HostKeyRejected);
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_even_outside_strict_mode()
    {
        var h1 = lab.Host("h1");
        var wrong = Path.Combine(lab.Dir, "wrong_known_hosts");
        var otherKey = (await lab.ExecAsync("h2", "cat", "/etc/ssh/ssh_host_ed25519_key.pub")).ThrowIfFailed().StdOut.Split(' ');
        await File.WriteAllTextAsync(wrong, $"{h1.Address} {otherKey[0]} {otherKey[1]}\n");
        await using var transport = Create(Options with { KnownHostsFile = wrong });

        var connect = () => transport.ConnectAsync(Host("h1", Connection(h1)), CancellationToken.None);

        var error = (await connect.Should().ThrowAsync<RemoteException>()).Which;
        error.Failure.Should().Be(RemoteFailure.HostKeyRejected);
        error.Message.Should().Contain("h1");
    }

    [Fact]
    public async Task A_host_whose_sshd_is_stopped_is_reported_unreachable_within_the_deadline()
    {
        await lab.FaultAsync(LabFaults.SshdStop, "h1");
        try
        {
            await using var transport = Create(Options with { ConnectTimeout = TimeSpan.FromSeconds(2) });

            var connect = () => transport.ConnectAsync(Host("h1", Connection(lab.Host("h1"))), CancellationToken.None);

            var error = (await connect.Should().ThrowAsync<RemoteException>()).Which;
            error.Failure.Should().Be(RemoteFailure.Unreachable);
            error.Message.Should().Contain("could not be reached");
        }
        finally
        {
            await lab.FaultAsync(LabFaults.SshdStart, "h1");
        }
    }

    protected Task<IHostConnection> ConnectAsync(string name) => ConnectAsync(Host(name, Connection(lab.Host(name))), Options);

    /// <summary>A connection that disposes its own transport with it.</summary>
    protected async Task<IHostConnection> ConnectAsync(HostModel host, TransportOptions options)
    {
        var transport = Create(options);
        try
        {
            return new OwningConnection(await transport.ConnectAsync(host, CancellationToken.None), transport);
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection that also disposes the transport it came from.</summary>
    private sealed class OwningConnection(IHostConnection inner, ITransport transport) : IHostConnection
    {
        public string Host => inner.Host;

        public Task<HaCluster.Remote.CommandResult> RunAsync(RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default) =>
            inner.RunAsync(command, stdin, cancellationToken);

        public Task<HaCluster.Remote.CommandResult> RunToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken = default) =>
            inner.RunToStreamAsync(command, stdout, cancellationToken);

        public Task UploadAsync(byte[] content, string path, string mode, string? owner = null, CancellationToken cancellationToken = default) =>
            inner.UploadAsync(content, path, mode, owner, cancellationToken);

        public Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, string? owner = null, CancellationToken cancellationToken = default) =>
            inner.UploadCheckedAsync(content, sha256, path, mode, owner, cancellationToken);

        public RemoteException Failure(RemoteCommand command, HaCluster.Remote.CommandResult result) => inner.Failure(command, result);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await transport.DisposeAsync();
        }
    }

    protected ConnectionModel Connection(LabHost host) =>
        new() { Address = host.Address, User = host.User, Port = host.Port, KeyPath = lab.KeyPath };

    protected static HostModel Host(string name, ConnectionModel connection) => new()
    {
        Index = 0,
        Role = HostRole.Worker,
        Name = name,
        Connection = connection,
        PrivateAddress = connection.Address,
    };
}
