using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HaCluster.Remote;
using HaCluster.TestSupport;
using ProcessRunner = HaCluster.TestSupport.ProcessRunner;

namespace HaCluster.Tests.Remote;

/// <summary>Against the real ssh-agent, on a socket of the test's own; SSH_AUTH_SOCK is set for the child processes only.</summary>
public sealed class SshAgentClientTests : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private readonly string directory = Directory.CreateTempSubdirectory("hactl-agent-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task The_agent_lists_the_key_ssh_add_gave_it()
    {
        using var agent = await RunningAgent.StartAsync(directory);
        var (keyPath, publicKey) = GenerateKey("node-key");
        agent.Add(keyPath);

        var identities = await new SshAgentClient(agent.Socket).ListIdentitiesAsync(CancellationToken.None);

        var identity = identities.Should().ContainSingle().Subject;
        identity.PublicKey.ToArray().Should().Equal(publicKey);
        identity.Comment.Should().Be("node-key");
        identity.KeyType.Should().Be("ssh-ed25519");
        identity.Fingerprint.Should().Be(SshWire.Fingerprint(publicKey));
    }

    [Fact]
    public async Task An_agent_without_keys_lists_none()
    {
        using var agent = await RunningAgent.StartAsync(directory);

        (await new SshAgentClient(agent.Socket).ListIdentitiesAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_agent_signs_with_the_key_and_ssh_keygen_verifies_the_signature()
    {
        using var agent = await RunningAgent.StartAsync(directory);
        var (keyPath, publicKey) = GenerateKey("signer");
        agent.Add(keyPath);
        var client = new SshAgentClient(agent.Socket);
        const string message = "hactl was here\n";
        var signedData = SshSig.SignedData(message);

        var signature = await client.SignAsync(publicKey, signedData, AgentSignature.None, CancellationToken.None);

        var reader = new SshWire.Reader(signature);
        reader.TryReadString(out var algorithm).Should().BeTrue();
        Encoding.ASCII.GetString(algorithm).Should().Be("ssh-ed25519");
        reader.TryReadString(out var raw).Should().BeTrue();
        raw.Length.Should().Be(64);
        reader.AtEnd.Should().BeTrue();
        (await client.SignAsync(publicKey, signedData, AgentSignature.None, CancellationToken.None)).Should().Equal(signature, "ed25519 signatures are deterministic");

        var signatureFile = Path.Combine(directory, "message.sig");
        File.WriteAllText(signatureFile, SshSig.Armor(publicKey, signature));
        var check = ProcessRunner.Run("ssh-keygen", ["-Y", "check-novalidate", "-n", SshSig.Namespace, "-s", signatureFile], ToolTimeout, stdin: message);
        check.ExitCode.Should().Be(0, check.Failure);
        ProcessRunner.Run("ssh-keygen", ["-Y", "check-novalidate", "-n", SshSig.Namespace, "-s", signatureFile], ToolTimeout, stdin: "tampered\n")
            .ExitCode.Should().NotBe(0, "the check must be one that can fail");
    }

    [Fact]
    public async Task Signing_with_a_key_the_agent_does_not_hold_is_refused_clearly()
    {
        using var agent = await RunningAgent.StartAsync(directory);
        var (_, publicKey) = GenerateKey("absent");

        var sign = () => new SshAgentClient(agent.Socket).SignAsync(publicKey, new byte[] { 1, 2, 3 }, AgentSignature.RsaSha256, CancellationToken.None);

        (await sign.Should().ThrowAsync<SshAgentException>())
            .WithMessage($"*{agent.Socket}*refused to sign*ssh-ed25519*{SshWire.Fingerprint(publicKey)}*");
    }

    [Fact]
    public async Task A_missing_socket_is_a_clear_error_naming_it()
    {
        var socket = Path.Combine(directory, "no-agent.sock");

        var list = () => new SshAgentClient(socket).ListIdentitiesAsync(CancellationToken.None);

        (await list.Should().ThrowAsync<SshAgentException>()).WithMessage($"no ssh-agent answers at {socket} (SSH_AUTH_SOCK)*");
    }

    [Fact]
    public async Task A_silent_agent_is_left_when_the_caller_cancels()
    {
        var socket = Path.Combine(directory, "silent.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var list = () => new SshAgentClient(socket).ListIdentitiesAsync(cancel.Token);

        await list.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task An_agent_that_hangs_up_is_a_clear_error()
    {
        var socket = Path.Combine(directory, "rude.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socket));
        listener.Listen();
        var hangUp = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptAsync();
            accepted.Shutdown(SocketShutdown.Both);
        });

        var list = () => new SshAgentClient(socket).ListIdentitiesAsync(CancellationToken.None);

        (await list.Should().ThrowAsync<SshAgentException>()).WithMessage("*closed the connection*");
        await hangUp;
    }

    private (string Path, byte[] PublicKey) GenerateKey(string name)
    {
        var path = Path.Combine(directory, name);
        ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], ToolTimeout).ThrowIfFailed();
        return (path, Convert.FromBase64String(File.ReadAllText(path + ".pub").Split(' ')[1]));
    }

    /// <summary>An ssh-agent in the foreground on its own socket, killed (by its process) on dispose.</summary>
    private sealed class RunningAgent : IDisposable
    {
        private readonly StartedProcess process;

        private RunningAgent(StartedProcess process, string socket)
        {
            this.process = process;
            Socket = socket;
        }

        public string Socket { get; }

        public static async Task<RunningAgent> StartAsync(string directory)
        {
            var socket = Path.Combine(directory, "agent.sock");
            var agent = new RunningAgent(ProcessRunner.Start("ssh-agent", ["-D", "-a", socket]), socket);
            try
            {
                await Poll.UntilAsync("ssh-agent's socket", TimeSpan.FromSeconds(10), () => Task.FromResult(File.Exists(socket) || agent.process.HasExited));
                if (agent.process.HasExited)
                {
                    throw new InvalidOperationException($"ssh-agent ended at once: {await agent.process.WaitAsync(ToolTimeout)}");
                }
                return agent;
            }
            catch
            {
                agent.Dispose();
                throw;
            }
        }

        // env sets SSH_AUTH_SOCK for ssh-add alone: the test process's own environment stays as it was.
        public void Add(string keyPath) =>
            ProcessRunner.Run("env", [$"SSH_AUTH_SOCK={Socket}", "ssh-add", keyPath], ToolTimeout).ThrowIfFailed();

        public void Dispose() => process.Dispose();
    }

    /// <summary>Just enough of OpenSSH's SSHSIG format (PROTOCOL.sshsig) to have ssh-keygen check an agent's signature.</summary>
    private static class SshSig
    {
        public const string Namespace = "hactl-test";
        private const string HashAlgorithm = "sha512";
        private static readonly byte[] Magic = "SSHSIG"u8.ToArray();

        public static byte[] SignedData(string message)
        {
            var data = new ArrayBufferWriter<byte>();
            data.Write(Magic);
            SshWire.WriteString(data, Namespace);
            SshWire.WriteString(data, "");
            SshWire.WriteString(data, HashAlgorithm);
            SshWire.WriteString(data, SHA512.HashData(Encoding.UTF8.GetBytes(message)));
            return data.WrittenSpan.ToArray();
        }

        public static string Armor(byte[] publicKey, byte[] signature)
        {
            var blob = new ArrayBufferWriter<byte>();
            blob.Write(Magic);
            SshWire.WriteUInt32(blob, 1);
            SshWire.WriteString(blob, publicKey);
            SshWire.WriteString(blob, Namespace);
            SshWire.WriteString(blob, "");
            SshWire.WriteString(blob, HashAlgorithm);
            SshWire.WriteString(blob, signature);
            var base64 = Convert.ToBase64String(blob.WrittenSpan);
            var lines = Enumerable.Range(0, (base64.Length + 69) / 70).Select(i => base64.Substring(i * 70, Math.Min(70, base64.Length - i * 70)));
            return $"-----BEGIN SSH SIGNATURE-----\n{string.Join('\n', lines)}\n-----END SSH SIGNATURE-----\n";
        }
    }
}
