using System.Net.Sockets;
using HaCluster.Remote;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace HaCluster.Tests.Remote;

public class SshNetConnectFailureTests
{
    [Fact]
    public void Network_failures_are_retried()
    {
        SshNetConnection.IsTransient(new SocketException((int)SocketError.ConnectionRefused)).Should().BeTrue();
        SshNetConnection.IsTransient(new SocketException((int)SocketError.TimedOut)).Should().BeTrue();
        SshNetConnection.IsTransient(new SshOperationTimeoutException("no banner")).Should().BeTrue();
        SshNetConnection.IsTransient(new SshConnectionException("closed", DisconnectReason.ConnectionLost)).Should().BeTrue();
    }

    [Fact]
    public void Refusals_are_not_retried()
    {
        SshNetConnection.IsTransient(new SshAuthenticationException("Permission denied (publickey).")).Should().BeFalse();
        SshNetConnection.IsTransient(new SshConnectionException("key", DisconnectReason.HostKeyNotVerifiable)).Should().BeFalse();
        SshNetConnection.IsTransient(new SocketException((int)SocketError.HostNotFound)).Should().BeFalse();
        SshNetConnection.IsTransient(new SshAgentException("refused")).Should().BeFalse();
    }
}
