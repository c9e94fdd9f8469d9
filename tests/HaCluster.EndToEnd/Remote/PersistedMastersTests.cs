using System.Text.RegularExpressions;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Remote;

/// <summary>
/// OpenSSH masters that outlive a run (issue: consecutive runs reuse connections): hactl run as an operator's shell
/// runs it, on <see cref="TransportLab"/> (h1 root, h2 a sudo user on port 2222).
/// </summary>
public sealed partial class PersistedMastersTests(TransportLab lab) : IClassFixture<TransportLab>
{
    [Fact]
    public async Task A_later_run_reuses_the_live_masters_of_an_earlier_one_and_no_persist_leaves_them_alone()
    {
        var runtime = Path.Combine(lab.Dir, "run");
        Directory.CreateDirectory(runtime);
        var masters = Path.Combine(runtime, "hactl");
        try
        {
            var first = await DryRunAsync(runtime, "first.log");
            first.ExitCode.Should().Be(3, first.ToString());
            File.GetUnixFileMode(masters).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var pids = await MasterPidsAsync(masters);
            pids.Should().HaveCount(2, "one master a host stays after the run");
            (await File.ReadAllTextAsync(Path.Combine(lab.Dir, "first.log"))).Should().NotContain("reuse the persisted ssh master");

            var second = await DryRunAsync(runtime, "second.log");
            second.ExitCode.Should().Be(3, second.ToString());
            var log = await File.ReadAllTextAsync(Path.Combine(lab.Dir, "second.log"));
            ReusedMaster().Matches(log).Select(m => m.Groups["host"].Value).Should().BeEquivalentTo(lab.Host("h1").Address, lab.Host("h2").Address);
            (await MasterPidsAsync(masters)).Should().BeEquivalentTo(pids, "the second run opened no master of its own");

            var withoutPersist = await DryRunAsync(runtime, "third.log", "--no-persist");
            withoutPersist.ExitCode.Should().Be(3, withoutPersist.ToString());
            (await File.ReadAllTextAsync(Path.Combine(lab.Dir, "third.log"))).Should().NotContain("reuse the persisted ssh master");
            (await MasterPidsAsync(masters)).Should().BeEquivalentTo(pids, "--no-persist neither uses nor ends the persisted masters");
        }
        finally
        {
            // Nothing the test started outlives it.
            foreach (var socket in Directory.Exists(masters) ? Directory.GetFiles(masters).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)) : [])
            {
                await ProcessRunner.RunAsync("ssh", ["-o", $"ControlPath={socket}", "-O", "exit", "lab-host"], TimeSpan.FromSeconds(10));
            }
        }
    }

    private Task<ProcessResult> DryRunAsync(string runtime, string log, params string[] extra) =>
        Hactl.RunPersistingAsync(Hactl.ApplyTimeout, runtime,
            // Persisted masters are OpenSSH's, whatever HACTL_TRANSPORT the suite runs with.
            ["apply", "--dry-run", "--transport", "openssh", "--config", lab.ClusterYamlPath, "--known-hosts", lab.KnownHostsPath, "--log-file", Path.Combine(lab.Dir, log), .. extra]);

    // `ssh -O check` answers "Master running (pid=N)" for a live master.
    private static async Task<IReadOnlyList<int>> MasterPidsAsync(string masters)
    {
        var pids = new List<int>();
        foreach (var socket in Directory.GetFiles(masters).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var check = await ProcessRunner.RunAsync("ssh", ["-o", $"ControlPath={socket}", "-O", "check", "lab-host"], TimeSpan.FromSeconds(10));
            if (MasterPid().Match(check.StdErr) is { Success: true } running)
            {
                pids.Add(int.Parse(running.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return pids;
    }

    [GeneratedRegex(@"Master running \(pid=(?<pid>\d+)\)")]
    private static partial Regex MasterPid();

    [GeneratedRegex(@"host=(?<host>\S+).*reuse the persisted ssh master")]
    private static partial Regex ReusedMaster();
}
