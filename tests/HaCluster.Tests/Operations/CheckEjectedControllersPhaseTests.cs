using HaCluster.Ejection;
using HaCluster.Hosts;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Tests.Pipeline;

namespace HaCluster.Tests.Operations;

/// <summary>apply and the record of ejected controllers, on fake controllers whose facts hold the record.</summary>
public class CheckEjectedControllersPhaseTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, FakeHost> hosts = [];

    [Fact]
    public async Task A_controller_of_the_config_that_was_ejected_is_refused_with_what_to_do()
    {
        var context = Context(new EjectedController("10.0.0.12", "c2", Noon));

        var check = () => new CheckEjectedControllersPhase().RunAsync(context, CancellationToken.None);

        (await check.Should().ThrowAsync<RefusedException>()).WithMessage(
            "c2 (spec.hosts[2]) was ejected by `hactl eject-controller` on 2026-11-22 12:00 UTC. apply does not join an ejected controller back silently: remove it from the config*");
        hosts.Values.Should().OnlyContain(h => !h.Commands.Any(c => c.StartsWith("rm", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_record_of_a_host_gone_from_the_config_is_removed_from_every_controller_holding_it()
    {
        var context = Context(new EjectedController("10.0.0.19", "old", Noon));

        await new CheckEjectedControllersPhase().RunAsync(context, CancellationToken.None);

        foreach (var controller in new[] { "c1", "c2", "c3" })
        {
            hosts[controller].Commands.Should().Contain("rm -f -- /var/lib/hactl/ejected-controllers");
        }
        context.Plan.ByHost(["c1", "c2", "c3"]).Should().HaveCount(3);
    }

    [Fact]
    public async Task Under_dry_run_forgetting_a_record_is_only_planned()
    {
        var context = Context(new EjectedController("10.0.0.19", "old", Noon), dryRun: true);

        await new CheckEjectedControllersPhase().RunAsync(context, CancellationToken.None);

        hosts.Values.Should().OnlyContain(h => h.Commands.IsEmpty);
        context.Plan.Count.Should().Be(3);
    }

    [Fact]
    public void Without_records_the_check_does_not_run()
    {
        new CheckEjectedControllersPhase().ShouldRun(Context(null)).Should().BeFalse();
    }

    private RunContext Context(EjectedController? record, bool dryRun = false)
    {
        var context = new RunContext(OpsCluster.Model(), new RunOptions { DryRun = dryRun }, new RecordingSink(), "apply");
        foreach (var session in context.Sessions)
        {
            var fake = new FakeHost(session.Name).On("rm", "");
            session.Connection = fake;
            session.Facts.Set(new HostFacts
            {
                Hostname = session.Name, Arch = "x86_64", Uid = 0, Clock = Noon, Addresses = [],
                EjectedControllers = session.Host.IsController && record is not null ? [record] : [],
            });
            hosts[session.Name] = fake;
        }
        return context;
    }
}
