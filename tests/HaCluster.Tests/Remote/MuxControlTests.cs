using System.Buffers.Binary;
using System.Net.Sockets;
using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

/// <summary>
/// The control protocol's framing and answers, against a master played by the test on a socket of its own. A real
/// master's answers are checked in the end-to-end OpenSshTransportTests.
/// </summary>
public sealed class MuxControlTests : IDisposable
{
    private const uint AliveCheck = 0x10000004;
    private const uint Terminate = 0x10000005;
    private readonly string directory = Directory.CreateTempSubdirectory("hactl-mux-").FullName;

    private string SocketPath => Path.Combine(directory, "master");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task An_alive_check_says_hello_then_asks_and_reads_the_masters_pid()
    {
        using var master = FakeMaster.Listen(SocketPath, request => [0x80000005, request[1], 4242]);

        var pid = await MuxControl.AlivePidAsync(SocketPath, CancellationToken.None);

        pid.Should().Be(4242);
        var received = await master.Received;
        received.Should().HaveCount(2);
        received[0].Should().Equal([0x00000001u, 4u], "a hello of protocol version 4 comes first");
        received[1].Should().Equal([AliveCheck, 1u], "then the request, with its id");
    }

    [Fact]
    public async Task A_terminate_request_is_done_when_the_master_agrees_or_closes_the_socket_and_not_when_it_refuses()
    {
        using (var agrees = FakeMaster.Listen(SocketPath, request => [0x80000001, request[1]]))
        {
            (await MuxControl.TerminateAsync(SocketPath, CancellationToken.None)).Should().BeTrue();
            (await agrees.Received)[1].Should().Equal(Terminate, 1u);
        }
        using (FakeMaster.Listen(SocketPath, _ => null))
        {
            (await MuxControl.TerminateAsync(SocketPath, CancellationToken.None)).Should().BeTrue("a master exiting may close before it answers");
        }
        using (FakeMaster.Listen(SocketPath, request => [0x80000002, request[1]]))
        {
            (await MuxControl.TerminateAsync(SocketPath, CancellationToken.None)).Should().BeFalse("permission denied");
        }
    }

    [Fact]
    public async Task A_missing_socket_a_plain_file_and_a_master_speaking_another_version_have_no_live_master()
    {
        (await MuxControl.AlivePidAsync(SocketPath, CancellationToken.None)).Should().BeNull();

        await File.WriteAllTextAsync(SocketPath, "not a socket");
        (await MuxControl.AlivePidAsync(SocketPath, CancellationToken.None)).Should().BeNull();
        (await MuxControl.TerminateAsync(SocketPath, CancellationToken.None)).Should().BeFalse();
        File.Delete(SocketPath);

        using var other = FakeMaster.Listen(SocketPath, request => [0x80000005, request[1], 4242], version: 5);
        (await MuxControl.AlivePidAsync(SocketPath, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task An_answer_to_another_request_id_is_no_answer()
    {
        using var master = FakeMaster.Listen(SocketPath, request => [0x80000005, request[1] + 1, 4242]);

        (await MuxControl.AlivePidAsync(SocketPath, CancellationToken.None)).Should().BeNull();
    }

    /// <summary>One connection's worth of a master: its hello, the client's two messages, then the reply (null: close).</summary>
    private sealed class FakeMaster : IDisposable
    {
        private readonly Socket listener;
        private readonly string path;

        private FakeMaster(Socket listener, string path, Task<uint[][]> received)
        {
            this.listener = listener;
            this.path = path;
            Received = received;
        }

        /// <summary>The client's messages as words: its hello, then its request.</summary>
        public Task<uint[][]> Received { get; }

        public static FakeMaster Listen(string path, Func<uint[], uint[]?> reply, uint version = 4)
        {
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            return new FakeMaster(listener, path, ServeAsync(listener, reply, version));
        }

        private static async Task<uint[][]> ServeAsync(Socket listener, Func<uint[], uint[]?> reply, uint version)
        {
            using var client = await listener.AcceptAsync();
            await using var stream = new NetworkStream(client);
            await WriteAsync(stream, [0x00000001, version]);
            var hello = await ReadAsync(stream);
            if (version != 4)
            {
                return [hello];
            }
            var request = await ReadAsync(stream);
            if (reply(request) is { } answer)
            {
                await WriteAsync(stream, answer);
            }
            return [hello, request];
        }

        private static async Task WriteAsync(Stream stream, uint[] words)
        {
            var frame = new byte[4 + (4 * words.Length)];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(4 * words.Length));
            for (var i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4 + (4 * i)), words[i]);
            }
            await stream.WriteAsync(frame);
        }

        private static async Task<uint[]> ReadAsync(Stream stream)
        {
            var header = new byte[4];
            await stream.ReadExactlyAsync(header);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
            await stream.ReadExactlyAsync(body);
            return Enumerable.Range(0, body.Length / 4).Select(i => BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4 * i))).ToArray();
        }

        public void Dispose()
        {
            listener.Dispose();
            File.Delete(path);
        }
    }
}
