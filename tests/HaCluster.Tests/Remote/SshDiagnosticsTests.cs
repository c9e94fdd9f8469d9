using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class SshDiagnosticsTests
{
    [Theory]
    [InlineData(255, "ssh: connect to host 10.99.1.11 port 22: Connection refused", RemoteFailure.Unreachable)]
    [InlineData(255, "ssh: connect to host 10.99.1.11 port 22: Connection timed out", RemoteFailure.Unreachable)]
    [InlineData(255, "root@10.99.1.11: Permission denied (publickey).", RemoteFailure.AuthenticationRefused)]
    [InlineData(255, "Host key verification failed.", RemoteFailure.HostKeyRejected)]
    [InlineData(1, "sudo: a password is required", RemoteFailure.SudoPasswordRequired)]
    [InlineData(1, "Error: unknown flag: --x", RemoteFailure.CommandFailed)]
    [InlineData(255, "k0s exited 255", RemoteFailure.CommandFailed)]
    public void Failures_are_classified_from_what_ssh_and_sudo_print(int exitCode, string stderr, RemoteFailure expected)
    {
        SshDiagnostics.Classify(new CommandResult(exitCode, "", stderr)).Should().Be(expected);
    }

    [Fact]
    public void Only_network_failures_are_retried()
    {
        SshDiagnostics.IsTransient(new CommandResult(255, "", "Connection refused")).Should().BeTrue();
        SshDiagnostics.IsTransient(new CommandResult(255, "", "Permission denied (publickey)")).Should().BeFalse();
        SshDiagnostics.IsTransient(new CommandResult(1, "", "Connection refused")).Should().BeFalse();
    }

    [Fact]
    public void A_sudo_password_prompt_gives_a_message_that_says_what_to_do()
    {
        var error = SshDiagnostics.Failure("h3", RemoteCommand.Exec("true"), new CommandResult(1, "", "sudo: a password is required\n"));

        error.Failure.Should().Be(RemoteFailure.SudoPasswordRequired);
        error.Message.Should().Contain("h3").And.Contain("passwordless sudo");
    }

    [Fact]
    public void Without_an_ssh_process_exit_255_is_the_commands_own_and_sudo_prompts_are_still_recognised()
    {
        var command = RemoteCommand.Exec("k0s", "status");

        SshDiagnostics.CommandFailure("h1", command, new CommandResult(255, "", "ssh: connect to host x port 22: Connection refused")).Failure
            .Should().Be(RemoteFailure.CommandFailed);
        SshDiagnostics.CommandFailure("h1", command, new CommandResult(1, "", "sudo: a password is required\n")).Failure
            .Should().Be(RemoteFailure.SudoPasswordRequired);
    }
}
