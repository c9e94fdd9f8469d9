namespace HaCluster.EndToEnd.Lab;

/// <summary>Each `lab fault` does what it says and its counterpart undoes it. h1 takes the faults, h2 looks on.</summary>
public sealed class LabFaultTests(FaultLab lab) : IClassFixture<FaultLab>
{
    private const int QuickConnectTimeout = 2;

    [Fact]
    public async Task Sshd_stop_makes_ssh_fail_and_sshd_start_brings_it_back()
    {
        try
        {
            await lab.FaultAsync(LabFaults.SshdStop, "h1");

            var stopped = await lab.SshAsync("h1", "true", connectTimeoutSeconds: QuickConnectTimeout);
            stopped.ExitCode.Should().Be(255);
            stopped.StdErr.Should().Contain("Connection refused");
            (await lab.ExecAsync("h1", "true")).ExitCode.Should().Be(0, "exec works without sshd");
        }
        finally
        {
            await lab.FaultAsync(LabFaults.SshdStart, "h1");
        }

        (await lab.SshAsync("h1", "hostname")).ThrowIfFailed().StdOut.Trim().Should().Be("h1");
    }

    [Fact]
    public async Task Isolate_cuts_the_host_off_and_restore_cables_it_again()
    {
        try
        {
            await lab.FaultAsync(LabFaults.Isolate, "h1");

            (await lab.SshAsync("h1", "true", connectTimeoutSeconds: QuickConnectTimeout)).ExitCode.Should().Be(255);
            (await lab.ExecAsync("h1", "ping", "-c", "1", "-W", "1", lab.Host("h2").Address)).ExitCode.Should().NotBe(0);
        }
        finally
        {
            await lab.FaultAsync(LabFaults.Restore, "h1");
        }

        await Poll.UntilAsync("h1 to answer again once restored", TimeSpan.FromSeconds(20), () => lab.SshAsync("h1", "true"), ssh => ssh.Succeeded);
        (await lab.ExecAsync("h1", "ping", "-c", "1", "-W", "2", lab.Host("h2").Address)).ThrowIfFailed();
    }

    [Fact]
    public async Task Freeze_stops_every_answer_and_thaw_brings_them_back()
    {
        try
        {
            await lab.FaultAsync(LabFaults.Freeze, "h1");

            var frozen = await lab.SshAsync("h1", "true", connectTimeoutSeconds: QuickConnectTimeout);
            frozen.ExitCode.Should().Be(255);
            frozen.StdErr.Should().Contain("timed out");
            (await lab.StatusAsync()).StdOut.Should().MatchRegex(@"(?m)^h1\s.*\bfrozen\s+down$");
        }
        finally
        {
            await lab.FaultAsync(LabFaults.Thaw, "h1");
        }

        (await lab.SshAsync("h1", "hostname")).ThrowIfFailed().StdOut.Trim().Should().Be("h1");
    }

    [Fact]
    public async Task Kill_signals_the_named_process_in_that_host_only()
    {
        try
        {
            foreach (var host in new[] { "h1", "h2" })
            {
                (await lab.ExecAsync(host, "systemd-run", "--unit=lab-victim", "sleep", "600")).ThrowIfFailed();
            }

            await lab.FaultAsync(LabFaults.Kill, "h1", "sleep", "KILL");

            await Poll.UntilAsync("h1's lab-victim to fail: its sleep got SIGKILL", TimeSpan.FromSeconds(10),
                () => lab.ExecAsync("h1", "systemctl", "is-active", "lab-victim"), state => state.StdOut.Trim() == "failed");
            (await lab.ExecAsync("h2", "systemctl", "is-active", "lab-victim")).StdOut.Trim().Should().Be("active");
        }
        finally
        {
            foreach (var host in new[] { "h1", "h2" })
            {
                await lab.ExecAsync(host, "sh", "-c", "systemctl stop lab-victim; systemctl reset-failed lab-victim");
            }
        }
    }

    [Fact]
    public async Task Kill_of_a_process_the_host_does_not_run_fails_naming_it()
    {
        var kill = () => lab.FaultAsync(LabFaults.Kill, "h2", "no-such-process");

        await kill.Should().ThrowAsync<LabException>().WithMessage("*no process named 'no-such-process' in h2*");
    }

    [Fact]
    public async Task Poweroff_takes_the_host_away_for_good()
    {
        await lab.FaultAsync(LabFaults.PowerOff, "h3");

        (await lab.SshAsync("h3", "true", connectTimeoutSeconds: QuickConnectTimeout)).ExitCode.Should().Be(255);
        (await lab.ExecAsync("h3", "true")).ExitCode.Should().Be(255);
        (await lab.ExecAsync("h2", "ping", "-c", "1", "-W", "1", lab.Host("h3").Address)).ExitCode.Should().NotBe(0);
        var status = await lab.StatusAsync();
        status.ExitCode.Should().Be(1);
        status.StdOut.Should().MatchRegex(@"(?m)^h3\s.*\bdown\s+down$");
    }
}
