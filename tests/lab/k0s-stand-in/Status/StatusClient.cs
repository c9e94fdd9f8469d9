using System.Net.Http.Json;
using System.Net.Sockets;

namespace K0sStandIn.Status;

/// <summary>Asks a running k0s for its status over the status socket.</summary>
internal static class StatusClient
{
    /// <summary>The status, or an error in k0s's words when nothing answers on the socket.</summary>
    public static async Task<K0sStatus> GetAsync(string socketPath, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return await http.GetFromJsonAsync("http://localhost/status", Config.GoNamesJson.Default.K0sStatus, ct)
                ?? throw new StatusUnavailableException(socketPath, "empty answer");
        }
        catch (HttpRequestException e)
        {
            throw new StatusUnavailableException(socketPath, $"Get \"http://localhost/status\": dial unix {socketPath}: connect: {Reason(e)}");
        }
    }

    /// <summary>Whether a k0s process answers on the socket.</summary>
    public static async Task<bool> IsRunningAsync(string socketPath, CancellationToken ct)
    {
        try
        {
            await GetAsync(socketPath, ct);
            return true;
        }
        catch (StatusUnavailableException)
        {
            return false;
        }
    }

    private static string Reason(HttpRequestException e) => e.InnerException is SocketException socket
        ? socket.SocketErrorCode switch
        {
            SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no such file or directory",
            SocketError.ConnectionRefused => "connection refused",
            _ => socket.Message.ToLowerInvariant(),
        }
        : e.Message;
}

/// <summary>No k0s answered on the status socket.</summary>
internal sealed class StatusUnavailableException : Exception
{
    public StatusUnavailableException(string socketPath, string detail)
        : base($"status: can't get \"status\" via \"{socketPath}\": {detail}")
    {
    }

    public StatusUnavailableException()
    {
    }

    public StatusUnavailableException(string message)
        : base(message)
    {
    }

    public StatusUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
