using System.Buffers;
using System.Net.Sockets;

namespace HaCluster.Remote;

/// <summary>
/// OpenSSH's control protocol (PROTOCOL.mux), spoken to a master over its socket from this process: asking whether a
/// master lives, or telling it to exit, as <c>ssh -O check</c> and <c>ssh -O exit</c> do, without starting an ssh
/// process for each host. Sessions still go through ssh: they need their file descriptors passed to the master.
/// </summary>
internal static class MuxControl
{
    private const uint Hello = 0x00000001;
    private const uint AliveCheck = 0x10000004;
    private const uint Terminate = 0x10000005;
    private const uint Ok = 0x80000001;
    private const uint Alive = 0x80000005;
    private const uint ProtocolVersion = 4;
    private const uint RequestId = 1;
    private const uint MaxMessage = 64 * 1024;

    // A master answers at once; a socket that does not is as good as gone.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>The live master's PID, or null when the socket is missing, stale or does not answer.</summary>
    public static async Task<int?> AlivePidAsync(string socketPath, CancellationToken cancellationToken) =>
        (await CheckAsync(socketPath, cancellationToken)).Pid;

    /// <summary>
    /// The live master's PID; else whether the socket is surely dead (missing, refused, not the protocol) rather than
    /// silent: a master too busy to answer within the bound is not proof that it is gone.
    /// </summary>
    public static async Task<(int? Pid, bool Gone)> CheckAsync(string socketPath, CancellationToken cancellationToken) =>
        await RequestAsync(socketPath, AliveCheck, cancellationToken) switch
        {
            { Outcome: Answer.Replied, Type: Alive, Pid: { } pid } => ((int)pid, false),
            { Outcome: Answer.Silent } => (null, false),
            _ => (null, true),
        };

    /// <summary>Tells the master to exit; true when it agreed, or went while answering.</summary>
    public static async Task<bool> TerminateAsync(string socketPath, CancellationToken cancellationToken) =>
        await RequestAsync(socketPath, Terminate, cancellationToken) is { Outcome: Answer.Replied, Type: Ok } or { Outcome: Answer.ClosedAfterRequest };

    private enum Answer
    {
        None,
        Replied,
        ClosedAfterRequest,
        Silent,
    }

    private readonly record struct Reply(Answer Outcome, uint Type = 0, uint? Pid = null);

    // The hello exchange, then one request; the reply echoes the request id after its type.
    private static async Task<Reply> RequestAsync(string socketPath, uint type, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return default;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AnswerWithin);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var requested = false;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await SshWire.WriteFrameAsync(stream, Words(Hello, ProtocolVersion), deadline.Token);
            if (!IsHello(await SshWire.ReadFrameAsync(stream, MaxMessage, deadline.Token)))
            {
                return default;
            }
            await SshWire.WriteFrameAsync(stream, Words(type, RequestId), deadline.Token);
            requested = true;
            return Parse(await SshWire.ReadFrameAsync(stream, MaxMessage, deadline.Token));
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // No master listens there (refused, or the file is no socket), or it closed the socket: after the request,
            // a master that was told to exit may do so before its answer is read.
            return requested ? new Reply(Answer.ClosedAfterRequest) : default;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Reply(Answer.Silent);
        }
    }

    private static byte[] Words(params uint[] words)
    {
        var message = new ArrayBufferWriter<byte>(4 * words.Length);
        foreach (var word in words)
        {
            SshWire.WriteUInt32(message, word);
        }
        return message.WrittenSpan.ToArray();
    }

    private static bool IsHello(byte[]? message)
    {
        var reader = new SshWire.Reader(message);
        return reader.TryReadUInt32(out var type) && type == Hello && reader.TryReadUInt32(out var version) && version == ProtocolVersion;
    }

    private static Reply Parse(byte[]? message)
    {
        var reader = new SshWire.Reader(message);
        if (!reader.TryReadUInt32(out var type) || !reader.TryReadUInt32(out var id) || id != RequestId)
        {
            return default;
        }
        return new Reply(Answer.Replied, type, reader.TryReadUInt32(out var pid) ? pid : null);
    }
}
