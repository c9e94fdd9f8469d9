using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>
/// OS, lock and facts in one round trip a host: the lock taken, refused, broken when stale, only checked under
/// --dry-run; the OS refused; the facts read.
/// </summary>
public class SurveyHostsPhaseTests
{
    private const string Debian = "### os-release\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
    private const string Facts = "### hostname\nc1\n### units\nk0scontroller active\n";

    private static readonly string LiveHolder = $"apply by someone@{Environment.MachineName} pid {Environment.ProcessId} since 2026-11-22T12:00:00Z";
    // No process has this pid, so the run that held the lock was killed.
    private static readonly string StaleHolder = $"apply by someone@{Environment.MachineName} pid {int.MaxValue} since 2026-11-22T12:00:00Z";

    private readonly HostLock hostLock = new("apply");

    private string Survey(string mode) => $"survey host /run/lock/hactl {hostLock.RunId} '{hostLock.Holder}' {mode} /var/lib/k0s ";

    [Fact]
    public async Task One_round_trip_takes_the_lock_reads_the_OS_and_the_facts_and_the_lock_is_released_by_the_run_that_took_it()
    {
        var run = Given(Free);

        var gathered = await new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().HaveCount(2);
        run["c1"].Commands.First().Should().StartWith(Survey("no"));
        run["c1"].Commands.Last().Should().Be($"release lock /run/lock/hactl {hostLock.RunId}");
        var host = gathered.Hosts.Should().ContainSingle().Subject;
        gathered.Before.Systems[host.Session].Id.Should().Be("debian");
        host.Facts.Hostname.Should().Be("c1");
        host.Facts.IsActive("k0scontroller").Should().BeTrue();
        run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task Run_as_the_connections_opening_the_survey_is_read_from_its_answer_not_asked_again_and_its_lock_is_released()
    {
        var run = Given(Free);
        var phase = new SurveyHostsPhase(hostLock);
        var session = run.Context.Sessions.Single();

        var command = ((IHostOpening)phase).CommandFor(run.Context, session);
        ((IHostOpening)phase).Answered(session, command, Free(command));
        var gathered = await phase.RunAsync(run.Context, new object(), CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        command.Display.Should().StartWith(Survey("no"));
        run["c1"].Commands.Should().Equal($"release lock /run/lock/hactl {hostLock.RunId}");
        gathered.Hosts.Should().ContainSingle().Which.Facts.Hostname.Should().Be("c1");
    }

    [Fact]
    public async Task An_opening_whose_run_fails_before_the_survey_phase_still_has_its_lock_released_by_the_closing_phase()
    {
        var run = Given(Free);
        var phase = new SurveyHostsPhase(hostLock);

        // Sent as its connection opened (ConnectPhase lets an opening in flight answer); another host's connect then
        // failed the run, so the survey phase never read the answer.
        ((IHostOpening)phase).CommandFor(run.Context, run.Context.Sessions.Single());
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().Equal($"release lock /run/lock/hactl {hostLock.RunId}");
    }

    [Fact]
    public void Under_dry_run_the_opening_only_checks_the_lock()
    {
        var run = Given(Free, dryRun: true);

        var command = ((IHostOpening)new SurveyHostsPhase(hostLock)).CommandFor(run.Context, run.Context.Sessions.Single());

        command.Display.Should().StartWith(Survey("yes"));
    }

    [Fact]
    public async Task A_lock_held_by_a_live_run_refuses_naming_its_holder()
    {
        var run = Given(_ => Held(LiveHolder));

        var survey = () => new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);

        (await survey.Should().ThrowAsync<HostException>()).WithMessage($"c1: locked by another hactl run: {LiveHolder}*");
        run["c1"].Commands.Should().NotContain(c => c.StartsWith("rm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_lock_is_broken_with_a_warning_and_then_taken()
    {
        var run = Given(_ => Held(StaleHolder));

        await new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Skip(1).Should().Equal(
            "rm -rf -- /run/lock/hactl",
            $"acquire lock /run/lock/hactl {hostLock.RunId} '{hostLock.Holder}' no",
            $"release lock /run/lock/hactl {hostLock.RunId}");
        run.Sink.Events.Should().Contain(e => e.Event == EventKinds.Warning && e.Message == $"breaking a stale lock left by {StaleHolder}");
    }

    [Fact]
    public async Task Under_dry_run_the_lock_is_only_checked_and_nothing_is_released()
    {
        var run = Given(Free, dryRun: true);

        await new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);
        await new ReleaseLockPhase(hostLock).RunAsync(run.Context, CancellationToken.None);

        run["c1"].Commands.Should().ContainSingle().Which.Should().StartWith(Survey("yes"));
    }

    [Fact]
    public async Task Under_dry_run_a_stale_lock_is_planned_to_be_broken_not_broken()
    {
        var run = Given(_ => Held(StaleHolder), dryRun: true);

        await new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);

        run["c1"].Commands.Should().ContainSingle().Which.Should().StartWith(Survey("yes"));
        run.Context.Plan.ByHost(["c1"]).Single().Select(c => c.Action).Should().Equal($"break the stale lock left by {StaleHolder}");
    }

    [Fact]
    public async Task An_unsupported_OS_is_refused_and_the_lock_taken_in_the_same_round_trip_is_released_on_clean_up()
    {
        var run = Given(_ => new CommandResult(0, "### lock\nstatus 0\n### os-release\nID=alpine\nPRETTY_NAME=\"Alpine Linux v3.20\"\n" + Facts, ""));
        var phase = new SurveyHostsPhase(hostLock);

        var survey = () => phase.RunAsync(run.Context, new object(), CancellationToken.None);

        (await survey.Should().ThrowAsync<HostException>()).WithMessage("c1: unsupported OS \"Alpine Linux v3.20\"*");
        await phase.CleanUpAsync(run.Context, CancellationToken.None);
        run["c1"].Commands.Last().Should().Be($"release lock /run/lock/hactl {hostLock.RunId}");
    }

    [Fact]
    public async Task A_lock_that_cannot_be_taken_for_another_reason_fails_naming_the_host()
    {
        var run = Given(_ => new CommandResult(0, "### lock\nmkdir: cannot create directory '/run/lock': Read-only file system\nstatus 1\n" + Debian + Facts, ""));

        var survey = () => new SurveyHostsPhase(hostLock).RunAsync(run.Context, new object(), CancellationToken.None);

        (await survey.Should().ThrowAsync<HostException>()).WithMessage("c1: could not take the lock /run/lock/hactl: *Read-only file system*");
    }

    private static CommandResult Free(RemoteCommand command) => new(0, "### lock\nstatus 0\n" + Debian + Facts, "");

    private static CommandResult Held(string holder) => new(0, $"### lock\n{holder}\nstatus {HostLock.HeldExitCode}\n" + Debian + Facts, "");

    private static FakeRun Given(Func<RemoteCommand, CommandResult> survey, bool dryRun = false)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0) with { Hosts = [TestClusters.Host(0, HostRole.Controller, "c1", "10.0.0.11")] },
            new RunOptions { DryRun = dryRun });
        run["c1"].On("survey host", survey).On("acquire lock", "").On("release lock", "").On("rm -rf", "");
        return run;
    }
}
