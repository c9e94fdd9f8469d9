using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Operations;

/// <summary>apply and the record of ejected controllers, on fake controllers whose facts hold the record.</summary>
public class CheckEjectedControllersPhaseTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private FakeRun run = null!;

    [Fact]
    public async Task A_controller_of_the_config_that_was_ejected_is_refused_with_what_to_do()
    {
        var (context, cluster) = Context(new EjectedController("10.0.0.12", "c2", Noon));

        var check = () => new CheckEjectedControllersPhase().RunAsync(context, cluster, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage(
            "c2 (spec.hosts[2]) was ejected by `hactl eject-controller` on 2026-11-22 12:00 UTC. apply does not join an ejected controller back silently: remove it from the config*");
        run.Hosts.Values.Should().OnlyContain(h => !h.Commands.Any(c => c.StartsWith("rm", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_record_of_a_host_gone_from_the_config_is_removed_from_every_controller_holding_it()
    {
        var (context, cluster) = Context(new EjectedController("10.0.0.19", "old", Noon));

        await new CheckEjectedControllersPhase().RunAsync(context, cluster, CancellationToken.None);

        foreach (var controller in new[] { "c1", "c2", "c3" })
        {
            run[controller].Commands.Should().Contain("rm -f -- /var/lib/hactl/ejected-controllers");
        }
        context.Plan.ByHost(["c1", "c2", "c3"]).Should().HaveCount(3);
    }

    [Fact]
    public async Task Under_dry_run_forgetting_a_record_is_only_planned()
    {
        var (context, cluster) = Context(new EjectedController("10.0.0.19", "old", Noon), dryRun: true);

        await new CheckEjectedControllersPhase().RunAsync(context, cluster, CancellationToken.None);

        run.Hosts.Values.Should().OnlyContain(h => h.Commands.IsEmpty);
        context.Plan.Count.Should().Be(3);
    }

    [Fact]
    public void Without_records_the_check_does_not_run()
    {
        var (context, cluster) = Context(null);

        new CheckEjectedControllersPhase().ShouldRun(context, cluster).Should().BeFalse();
    }

    private (RunContext, GatheredCluster) Context(EjectedController? record, bool dryRun = false)
    {
        run = new FakeRun(TestClusters.Ops(), new RunOptions { DryRun = dryRun });
        foreach (var fake in run.Hosts.Values)
        {
            fake.On("rm", "");
        }
        var cluster = run.Gathered(session => FakeRun.Facts(session.Name) with
        {
            EjectedControllers = session.Host.IsController && record is not null ? [record] : [],
        });
        return (run.Context, cluster);
    }
}
