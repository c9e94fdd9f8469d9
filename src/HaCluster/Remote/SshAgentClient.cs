using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace HaCluster.Remote;

/// <summary>A key the agent holds: its public key blob and the comment it was added with.</summary>
public sealed record AgentIdentity(ReadOnlyMemory<byte> PublicKey, string Comment)
{
    public string KeyType => SshWire.KeyType(PublicKey.Span) ?? "unknown";

    public string Fingerprint => SshWire.Fingerprint(PublicKey.Span);
}

/// <summary>Which signature an RSA key makes (draft-miller-ssh-agent §4.5.1, SSH_AGENT_RSA_SHA2_*); other keys have only one.</summary>
[Flags]
public enum AgentSignature
{
    None = 0,
    RsaSha256 = 2,
    RsaSha512 = 4,
}

/// <summary>The agent could not be reached, refused, or answered something that is not the agent protocol.</summary>
public sealed class SshAgentException : Exception
{
    public SshAgentException() : this("ssh-agent failed") { }

    public SshAgentException(string message) : base(message) { }

    public SshAgentException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// An ssh-agent client (draft-miller-ssh-agent) over its unix socket: the keys it holds, and signatures with them, so
/// private keys never leave the agent. Each request is a connection of its own, so one client serves parallel connects.
/// </summary>
public sealed class SshAgentClient
{
    public const string SocketVariable = "SSH_AUTH_SOCK";

    private const byte AgentFailure = 5;
    private const byte RequestIdentities = 11;
    private const byte IdentitiesAnswer = 12;
    private const byte SignRequest = 13;
    private const byte SignResponse = 14;

    // OpenSSH's agent refuses messages larger than this; an answer claiming more is not from an agent.
    private const int MaxMessage = 256 * 1024;

    public SshAgentClient(string socketPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>The agent <c>SSH_AUTH_SOCK</c> names, or null when it names none.</summary>
    public static SshAgentClient? FromEnvironment() =>
        Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } path ? new SshAgentClient(path) : null;

    public async Task<IReadOnlyList<AgentIdentity>> ListIdentitiesAsync(CancellationToken cancellationToken)
    {
        var answer = await RequestAsync(new[] { RequestIdentities }, cancellationToken);
        var reader = new SshWire.Reader(answer.Span);
        if (!reader.TryReadByte(out var type) || type != IdentitiesAnswer)
        {
            throw Unexpected("the list of keys", type);
        }
        return ReadIdentities(answer.Span[1..]) ?? throw new SshAgentException($"ssh-agent at {SocketPath} sent a malformed list of keys");
    }

    /// <summary>The agent's signature of <paramref name="data"/> with the key <paramref name="publicKey"/>: a blob <c>string algorithm, string signature</c>.</summary>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> data, AgentSignature flags, CancellationToken cancellationToken)
    {
        var request = new ArrayBufferWriter<byte>();
        request.Write([SignRequest]);
        SshWire.WriteString(request, publicKey.Span);
        SshWire.WriteString(request, data.Span);
        SshWire.WriteUInt32(request, (uint)flags);
        var answer = await RequestAsync(request.WrittenMemory, cancellationToken);
        var reader = new SshWire.Reader(answer.Span);
        if (!reader.TryReadByte(out var type) || type != SignResponse)
        {
            throw type == AgentFailure
                ? new SshAgentException(
                    $"ssh-agent at {SocketPath} refused to sign with the {SshWire.KeyType(publicKey.Span)} key {SshWire.Fingerprint(publicKey.Span)}: " +
                    "it does not hold that key, or its use was not confirmed")
                : Unexpected("a signature", type);
        }
        if (!reader.TryReadString(out var signature) || !reader.AtEnd)
        {
            throw new SshAgentException($"ssh-agent at {SocketPath} sent a malformed signature");
        }
        return signature.ToArray();
    }

    private static List<AgentIdentity>? ReadIdentities(ReadOnlySpan<byte> body)
    {
        var reader = new SshWire.Reader(body);
        if (!reader.TryReadUInt32(out var count) || count > MaxMessage)
        {
            return null;
        }
        var identities = new List<AgentIdentity>((int)count);
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadString(out var key) || !reader.TryReadString(out var comment))
            {
                return null;
            }
            identities.Add(new AgentIdentity(key.ToArray(), Encoding.UTF8.GetString(comment)));
        }
        return reader.AtEnd ? identities : null;
    }

    // One message out, one back: each framed by its big-endian uint32 length.
    private async Task<ReadOnlyMemory<byte>> RequestAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
        }
        catch (SocketException e)
        {
            throw new SshAgentException($"no ssh-agent answers at {SocketPath} ({SocketVariable}): {e.Message}", e);
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await SshWire.WriteFrameAsync(stream, message, cancellationToken);
            return await SshWire.ReadFrameAsync(stream, MaxMessage, cancellationToken)
                ?? throw new SshAgentException($"ssh-agent at {SocketPath} sent a message of no or too many bytes: not the agent protocol");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            throw new SshAgentException($"ssh-agent at {SocketPath} closed the connection before answering: {e.Message}", e);
        }
    }

    private SshAgentException Unexpected(string wanted, byte type) =>
        new(type == AgentFailure
            ? $"ssh-agent at {SocketPath} refused to send {wanted}"
            : $"ssh-agent at {SocketPath} answered with message {type} instead of {wanted}");
}
