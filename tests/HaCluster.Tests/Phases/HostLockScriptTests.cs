using HaCluster.Phases;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Phases;

/// <summary>The lock's shell function in a real shell, on a lock directory of the test's own.</summary>
public sealed class HostLockScriptTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("hactl-lock-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_run_takes_a_free_lock_takes_its_own_again_and_another_run_is_refused_with_the_holder()
    {
        var mine = new HostLock("apply");
        var other = new HostLock("reset");

        Acquire(mine).Should().Be((0, ""));
        Acquire(mine).Should().Be((0, ""), "a connect retried after its command ran takes the lock a second time");
        Acquire(other).Should().Be((HostLock.HeldExitCode, mine.Holder + "\n"));
    }

    private (int ExitCode, string Holder) Acquire(HostLock hostLock)
    {
        var lockPath = Path.Combine(directory, "hactl");
        var argv = hostLock.AcquireCommand(checkOnly: false).Argv.Select(word => word == HostLock.Path ? lockPath : word).ToList();
        var result = ProcessRunner.Run(argv[0], argv.Skip(1), TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StdOut);
    }
}
