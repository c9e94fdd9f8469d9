namespace HaCluster.EndToEnd.Lab;

/// <summary>systemd in a lab host manages units the way hactl will use it: over SSH.</summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class LabUnitTests(SelfTestLab lab)
{
    private const string Unit = """
        [Unit]
        Description=lab probe

        [Service]
        ExecStart=/bin/sh -c 'echo probe-started; exec sleep infinity'

        [Install]
        WantedBy=multi-user.target
        """;

    [Fact]
    public async Task A_unit_written_over_ssh_starts_and_is_still_active_later()
    {
        try
        {
            (await lab.SshAsync("h2", $"cat > /etc/systemd/system/lab-probe.service <<'EOF'\n{Unit}\nEOF\nsystemctl daemon-reload && systemctl enable --now lab-probe.service")).ThrowIfFailed();
            await Task.Delay(TimeSpan.FromSeconds(3));

            (await lab.SshAsync("h2", "systemctl is-active lab-probe.service")).StdOut.Trim().Should().Be("active");
            (await lab.SshAsync("h2", "systemctl is-enabled lab-probe.service")).StdOut.Trim().Should().Be("enabled");
            (await lab.SshAsync("h2", "journalctl -u lab-probe.service --no-pager -o cat")).StdOut.Should().Contain("probe-started");
        }
        finally
        {
            await lab.SshAsync("h2", "systemctl disable --now lab-probe.service; rm -f /etc/systemd/system/lab-probe.service; systemctl daemon-reload");
        }
    }
}
