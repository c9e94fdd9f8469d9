using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using K0sStandIn.Cli;

namespace K0sStandIn.Status;

/// <summary>
/// Serves <c>GET /status</c> over the status unix socket, as k0s does. A few lines of HTTP/1.1 rather than a web
/// server, so that workers, which serve nothing else, stay light.
/// </summary>
internal sealed class StatusServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly Func<CancellationToken, Task<K0sStatus>> _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private StatusServer(Socket listener, string path, Func<CancellationToken, Task<K0sStatus>> status)
    {
        _listener = listener;
        _path = path;
        _status = status;
        _loop = AcceptLoopAsync();
    }

    public static StatusServer Start(string path, Func<CancellationToken, Task<K0sStatus>> status)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoveLeftover(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        Log.Info("Listening address " + path, ("component", "status"));
        return new StatusServer(listener, path, status);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
        File.Delete(_path);
        _stop.Dispose();
    }

    // A socket file nobody listens on is a leftover of a killed process.
    private static void RemoveLeftover(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        await using (var stream = new NetworkStream(client))
        {
            try
            {
                var target = await ReadRequestTargetAsync(stream);
                var (code, body) = target.StartsWith("/status", StringComparison.Ordinal)
                    ? ("200 OK", JsonSerializer.Serialize(await _status(_stop.Token), Config.GoNamesJson.Default.K0sStatus) + "\n")
                    : ("404 Not Found", "404 page not found\n");
                var payload = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {code}\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(payload, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private async Task<string> ReadRequestTargetAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var received = 0;
        while (received < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(received), _stop.Token);
            if (n == 0)
            {
                break;
            }

            received += n;
            if (Encoding.ASCII.GetString(buffer, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        var requestLine = Encoding.ASCII.GetString(buffer, 0, received).Split("\r\n")[0].Split(' ');
        return requestLine.Length > 1 ? requestLine[1] : "/";
    }
}
