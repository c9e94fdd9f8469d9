using System.Text;
using HaCluster.EndToEnd.Lab;
using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.EndToEnd.Remote;

/// <summary>A two-host lab: h1 plain root, h2 reached as a sudo user on port 2222.</summary>
public sealed class TransportLab() : Lab.Lab(new LabOptions { Hosts = 2, HostOptions = ["h2:user=deploy,sudo=nopasswd,port=2222"] });

/// <summary>The OpenSSH transport against real sshd: sessions, uploads, sudo, bastions and host keys.</summary>
public sealed class OpenSshTransportTests(TransportLab lab) : IClassFixture<TransportLab>
{
    private TransportOptions Options => new() { KnownHostsFile = lab.KnownHostsPath, ConnectAttempts = 2, ConnectDeadline = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task A_command_returns_its_exit_code_stdout_and_stderr_separately()
    {
        await using var connection = await ConnectAsync("h1");

        var result = await connection.RunAsync(RemoteCommand.Script("t", "echo out; echo err >&2; exit 7"));

        result.Should().Be(new HaCluster.Remote.CommandResult(7, "out\n", "err\n"));
    }

    [Fact]
    public async Task Commands_of_a_sudo_user_run_as_root_through_the_master_connection()
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
    public async Task A_host_behind_a_bastion_is_reached_through_it_with_the_bastions_own_settings()
    {
        var h1 = lab.Host("h1");
        var connection = Connection(lab.Host("h2")) with { Bastion = Connection(h1) };
        await using var transport = new OpenSshTransport(Options);
        await using var viaBastion = await transport.ConnectAsync(Host("h2", connection), CancellationToken.None);

        // sshd on h2 names the client it sees: the bastion, not this machine.
        var client = await viaBastion.RunCheckedAsync(RemoteCommand.Script("client", "echo \"$SSH_CONNECTION\"") with { AsRoot = false });

        client.Split(' ')[0].Should().Be(h1.Address);
    }

    [Fact]
    public async Task Strict_mode_refuses_a_host_whose_key_is_not_known()
    {
        var empty = Path.Combine(lab.Dir, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, "");
        await using var transport = new OpenSshTransport(Options with { KnownHostsFile = empty, StrictHostKeyChecking = true });

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
        await using var transport = new OpenSshTransport(Options with { KnownHostsFile = wrong });

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
            await using var transport = new OpenSshTransport(Options with { ConnectTimeout = TimeSpan.FromSeconds(2) });

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

    private async Task<IHostConnection> ConnectAsync(string name)
    {
        var transport = new OpenSshTransport(Options);
        return new OwningConnection(await transport.ConnectAsync(Host(name, Connection(lab.Host(name))), CancellationToken.None), transport);
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

    private ConnectionModel Connection(LabHost host) =>
        new() { Address = host.Address, User = host.User, Port = host.Port, KeyPath = lab.KeyPath };

    private static HostModel Host(string name, ConnectionModel connection) => new()
    {
        Index = 0,
        Role = HostRole.Worker,
        Name = name,
        Connection = connection,
        PrivateAddress = connection.Address,
    };
}
