using System.Net.Sockets;

namespace K0sStandIn.Cli;

/// <summary>Failures worded as Go's standard library words them, since k0s's messages embed them.</summary>
internal static class GoErrors
{
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException { FileName: { } file } => $"open {file}: no such file or directory",
        DirectoryNotFoundException => "no such file or directory",
        HttpRequestException { InnerException: SocketException socket } => "connect: " + Describe(socket),
        SocketException socket => Describe(socket),
        _ => e.Message,
    };

    private static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "i/o timeout",
        SocketError.HostUnreachable => "no route to host",
        SocketError.NetworkUnreachable => "network is unreachable",
        _ => socket.Message.ToLowerInvariant(),
    };
}
