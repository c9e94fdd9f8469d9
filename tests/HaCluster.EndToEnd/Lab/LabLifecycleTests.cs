using System.Text.RegularExpressions;

namespace HaCluster.EndToEnd.Lab;

/// <summary>`lab up` and `lab down` leave this machine as they found it, whatever happened in between.</summary>
public sealed partial class LabLifecycleTests
{
    [Fact]
    public async Task Down_leaves_no_namespace_link_mount_cgroup_process_or_file_behind()
    {
        var lab = await Lab.StartAsync(new LabOptions { Hosts = 2 });
        LabTraces traces;
        try
        {
            traces = LabTraces.Of(lab);
            traces.Processes.Should().HaveCount(4, "each host has its PID 1 and the unshare that started it");
            traces.Namespaces().Should().HaveCount(2);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        traces.ShouldAllBeGone();
    }

    [Fact]
    public async Task Down_after_a_crashed_up_still_removes_everything()
    {
        var lab = await Lab.StartAsync(new LabOptions { Hosts = 1, Topology = LabTopologies.Cplb });
        var traces = LabTraces.Of(lab);
        try
        {
            foreach (var pidFile in Directory.GetFiles(Path.Combine(lab.Dir, "hosts"), "*.pid", SearchOption.AllDirectories))
            {
                File.Delete(pidFile);   // as if up died before recording its hosts
            }
        }
        finally
        {
            await lab.DisposeAsync();
        }

        traces.ShouldAllBeGone();
    }

    [Fact]
    public async Task Up_failing_midway_takes_down_what_it_made_and_says_why()
    {
        var dir = Lab.NewDir();

        // "daemon" exists on every Debian system, so creating the user fails inside h2 as it boots.
        var up = await ProcessRunner.RunAsync(Lab.LabCommand, ["up", "--dir", dir, "--hosts", "2", "--host-opt", "h2:user=daemon"], TimeSpan.FromMinutes(3));

        up.ExitCode.Should().NotBe(0);
        // Whether h2's PID 1 was seen before it died is a race; the report is the same either way.
        up.StdErr.Should().Contain("h2 did not boot: ").And.Contain("useradd: user 'daemon' already exists");
        var index = int.Parse(FailedIndex().Match(up.StdErr).Groups[1].Value);
        new LabTraces(index, dir, []).ShouldAllBeGone();
    }

    [Fact]
    public async Task Up_with_an_option_for_a_host_it_does_not_have_fails_before_making_anything()
    {
        var dir = Lab.NewDir();

        var up = await ProcessRunner.RunAsync(Lab.LabCommand, ["up", "--dir", dir, "--hosts", "2", "--host-opt", "h9:port=2200"], TimeSpan.FromMinutes(1));

        up.ExitCode.Should().Be(1);
        up.StdErr.Should().Contain("--host-opt names h9 but the lab has only 2 hosts");
        Directory.Exists(dir).Should().BeFalse();
    }

    [GeneratedRegex(@"up of lab (\d+) failed")]
    private static partial Regex FailedIndex();
}
