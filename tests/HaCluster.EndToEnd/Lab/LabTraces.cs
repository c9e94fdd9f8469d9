namespace HaCluster.EndToEnd.Lab;

/// <summary>What a running lab has made on this machine, found the way an admin would look for it.</summary>
internal sealed record LabTraces(int Index, string Dir, IReadOnlyList<int> Processes)
{
    private static readonly string CgroupRoot =
        File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";

    /// <summary>The lab's recorded processes: each host's PID 1 and its launcher.</summary>
    public static LabTraces Of(Lab lab) => new(lab.Index, lab.Dir,
        Directory.GetFiles(Path.Combine(lab.Dir, "hosts"), "*.pid", SearchOption.AllDirectories)
            .Select(file => int.Parse(File.ReadAllText(file).Trim()))
            .ToList());

    public IEnumerable<string> Namespaces() =>
        Run("ip", "netns", "list").Split('\n').Where(line => line.StartsWith($"hlab{Index}-h", StringComparison.Ordinal));

    public void ShouldAllBeGone()
    {
        Namespaces().Should().BeEmpty("down deletes the hosts' network namespaces");
        Run("ip", "-o", "link", "show").Split('\n')
            .Where(line => line.Contains($": hlab{Index}h", StringComparison.Ordinal) || line.Contains($": hlab{Index}:", StringComparison.Ordinal))
            .Should().BeEmpty("down deletes the veths and the bridge");
        File.ReadAllLines("/proc/mounts").Where(line => line.Contains(Dir, StringComparison.Ordinal))
            .Should().BeEmpty("no mount of the lab is visible on the machine");
        Directory.GetDirectories(CgroupRoot, $"hlab{Index}-*").Should().BeEmpty("down removes the hosts' cgroups");
        Processes.Where(IsStillTheLabs).Should().BeEmpty("every recorded process is gone");
        Directory.Exists(Dir).Should().BeFalse("down removes the lab's directory");
    }

    // A PID may have been reused since; it is the lab's only while it sits in one of the lab's cgroups.
    // A zombie has exited: it only waits for this machine's init to reap it (hosts' launchers are orphans).
    private bool IsStillTheLabs(int pid)
    {
        try
        {
            var state = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0];
            return state != 'Z' && File.ReadAllText($"/proc/{pid}/cgroup").Contains($"0::/hlab{Index}-", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Run(params string[] command) =>
        ProcessRunner.Run(command[0], command[1..], TimeSpan.FromSeconds(30)).ThrowIfFailed().StdOut;
}
