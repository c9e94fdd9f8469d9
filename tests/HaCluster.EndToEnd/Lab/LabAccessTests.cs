using System.Net.Sockets;

namespace HaCluster.EndToEnd.Lab;

/// <summary>--host-opt users, sudo and ports behave like the hosts hactl will meet.</summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class LabAccessTests(SelfTestLab lab)
{
    [Fact]
    public async Task A_passwordless_sudo_user_logs_in_and_becomes_root_without_a_password()
    {
        var result = (await lab.SshAsync("h3", "whoami && sudo -n id -u")).ThrowIfFailed();

        result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("deploy", "0");
    }

    [Fact]
    public async Task Root_cannot_log_in_where_the_host_has_a_user()
    {
        var result = await lab.SshAsync("h3", "true", user: "root");

        result.ExitCode.Should().Be(255);
        result.StdErr.Should().Contain("Permission denied");
    }

    [Fact]
    public async Task A_password_sudo_user_is_refused_sudo_n_but_accepted_with_the_password()
    {
        var host = lab.Host("h4");

        var withoutPassword = await lab.SshAsync("h4", "sudo -n true");
        // The password on stdin, never on a command line (where process listings and the suite timeline show it).
        var withPassword = await lab.SshAsync("h4", "sudo -S -p '' id -u", stdin: host.SudoPassword + "\n");

        withoutPassword.ExitCode.Should().Be(1);
        withoutPassword.StdErr.Should().Contain("a password is required");
        withPassword.ThrowIfFailed().StdOut.Trim().Should().Be("0");
    }

    [Fact]
    public async Task Sshd_answers_on_the_custom_port_and_not_on_22()
    {
        var host = lab.Host("h5");

        var result = (await lab.SshAsync("h5", "hostname")).ThrowIfFailed();
        var port22 = async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host.Address, 22);
        };

        host.Port.Should().Be(2222);
        result.StdOut.Trim().Should().Be("h5");
        await port22.Should().ThrowAsync<SocketException>();
    }
}
