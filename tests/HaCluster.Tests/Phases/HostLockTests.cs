using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>The run's lock on every host: taken, refused, broken when stale, and only checked under --dry-run.</summary>
public class HostLockTests
{
    private static readonly string LiveHolder = $"apply by someone@{Environment.MachineName} pid {Environment.ProcessId} since 2026-11-22T12:00:00Z";
    // No process has this pid, so the run that held the lock was killed.
    private static readonly string StaleHolder = $"apply by someone@{Environment.MachineName} pid {int.MaxValue} since 2026-11-22T12:00:00Z";

    private readonly HostLock hostLock = new("apply");

    [Fact]
    public async Task A_free_host_is_locked_and_released_by_the_run_that_took_it()
    {
        var run = Given(Free);

        await new AcquireLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().Equal(
            $"acquire lock /run/lock/hactl {hostLock.RunId} '{hostLock.Holder}' no",
            $"release lock /run/lock/hactl {hostLock.RunId}");
        run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_lock_held_by_a_live_run_refuses_naming_its_holder()
    {
        var run = Given(_ => Held(LiveHolder));

        var acquire = () => new AcquireLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        (await acquire.Should().ThrowAsync<HostException>()).WithMessage($"c1: locked by another hactl run: {LiveHolder}*");
        run["c1"].Commands.Should().NotContain(c => c.StartsWith("rm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_lock_is_broken_with_a_warning_and_then_taken()
    {
        var attempts = 0;
        var run = Given(_ => Interlocked.Increment(ref attempts) == 1 ? Held(StaleHolder) : Free(null!));

        await new AcquireLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().HaveCount(3).And.Contain("rm -rf -- /run/lock/hactl");
        run["c1"].Commands.Last().Should().EndWith(" no");
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Message == $"breaking a stale lock left by {StaleHolder}");
    }

    [Fact]
    public async Task Under_dry_run_the_lock_is_only_checked_and_nothing_is_released()
    {
        var run = Given(Free, dryRun: true);

        await new AcquireLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().Equal($"acquire lock /run/lock/hactl {hostLock.RunId} '{hostLock.Holder}' yes");
    }

    [Fact]
    public async Task Under_dry_run_a_stale_lock_is_planned_to_be_broken_not_broken()
    {
        var run = Given(_ => Held(StaleHolder), dryRun: true);

        await new AcquireLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().ContainSingle().Which.Should().EndWith(" yes");
        run.Context.Plan.ByHost(["c1"]).Single().Select(c => c.Action).Should().Equal($"break the stale lock left by {StaleHolder}");
    }

    private static CommandResult Free(RemoteCommand command) => new(0, "", "");

    private static CommandResult Held(string holder) => new(HostLock.HeldExitCode, holder + "\n", "");

    private static FakeRun Given(Func<RemoteCommand, CommandResult> acquire, bool dryRun = false)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0) with { Hosts = [TestClusters.Host(0, HostRole.Controller, "c1", "10.0.0.11")] },
            new RunOptions { DryRun = dryRun });
        run["c1"].On("acquire lock", acquire).On("release lock", "").On("rm -rf", "");
        return run;
    }
}
