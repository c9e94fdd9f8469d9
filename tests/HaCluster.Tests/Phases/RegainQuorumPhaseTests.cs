using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;
using HaCluster.Tests.Fakes;
using HaCluster.Tests.K0s;

namespace HaCluster.Tests.Phases;

/// <summary>After a power cut: stopped etcd members started together, a minority left to the usual restarts, a lost quorum refused.</summary>
public class RegainQuorumPhaseTests
{
    private static readonly string[] Controllers = ["c1", "c2", "c3"];
    private readonly ConcurrentQueue<string> started = new();

    [Fact]
    public async Task With_every_controller_stopped_all_are_started_together_then_etcd_and_their_APIs_are_waited_on()
    {
        var run = Given(stopped: Controllers);

        var result = await new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, run.Gathered(Facts(stopped: Controllers)), CancellationToken.None);

        var journal = run.Journal.ToList();
        var starts = journal.Select((line, i) => (line, i)).Where(x => x.line.EndsWith("systemctl start k0scontroller", StringComparison.Ordinal)).Select(x => x.i).ToList();
        starts.Should().HaveCount(3);
        // Nothing waits between the starts: no etcd or API probe comes before the last one.
        journal.Take(starts.Max()).Should().NotContain(line => line.Contains("etcd member list", StringComparison.Ordinal) || line.Contains("kubectl", StringComparison.Ordinal));
        journal.Skip(starts.Max()).Should().Contain(line => line.Contains("etcd member status", StringComparison.Ordinal))
            .And.Contain(line => line.Contains("kubectl --request-timeout=5s get --raw=/readyz", StringComparison.Ordinal));
        run.Sink.Events.Should().Contain(e => e.Message != null && e.Message.Contains("start 3 controllers together to regain etcd quorum", StringComparison.Ordinal));
        result.Controllers.Should().OnlyContain(c => c.Facts.IsActive("k0scontroller"), "later phases see the controllers as they run now");
    }

    [Fact]
    public async Task With_a_minority_stopped_and_quorum_kept_nothing_is_started_here()
    {
        var run = Given(stopped: ["c3"]);
        var gathered = run.Gathered(Facts(stopped: ["c3"]));

        var result = await new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, gathered, CancellationToken.None);

        result.Should().BeSameAs(gathered, "the stopped one is restarted later, one at a time, as always");
        run.AllCommands.Should().OnlyContain(c => c.StartsWith("etcd member", StringComparison.Ordinal));
        run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task When_too_few_members_are_left_to_make_a_quorum_apply_refuses_naming_them_and_changes_nothing()
    {
        // c2 and c3 were reset: only c1 still holds etcd data, which lists all three members.
        var run = Given(stopped: ["c1"]);

        var act = () => new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, run.Gathered(Facts(stopped: ["c1"], wiped: ["c2", "c3"])), CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should()
            .Contain("it has 3 members, a quorum is 2, and only 1 can run (c1)")
            .And.Contain("c2 (https://10.0.0.12:2380): c2's etcd data is gone")
            .And.Contain("c3 (https://10.0.0.13:2380)")
            .And.Contain("hactl apply --restore-from");
        run.AllCommands.Should().OnlyContain(c => c.StartsWith("read etcd database", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_controller_host_that_cannot_be_reached_counts_as_lost()
    {
        var run = Given(stopped: ["c1", "c2"], reached: s => s.Name != "c2");

        var act = () => new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, run.Gathered(Facts(stopped: ["c1", "c2"], wiped: ["c3"])), CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should().Contain("c2 (https://10.0.0.12:2380): c2 is unreachable");
    }

    [Fact]
    public async Task A_quorum_that_does_not_come_back_within_the_timeout_is_refused()
    {
        var run = Given(stopped: Controllers, quorumAt: 4);

        var act = () => new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, run.Gathered(Facts(stopped: Controllers)), CancellationToken.None);

        (await act.Should().ThrowAsync<RefusedException>()).Which.Message.Should()
            .Contain("etcd did not regain its quorum after 3 controllers were started together").And.Contain("--restore-from");
    }

    [Fact]
    public async Task A_dry_run_plans_one_start_a_controller_and_changes_nothing()
    {
        var run = Given(stopped: Controllers, dryRun: true);

        await new RegainQuorumPhase<OsDetected>().RunAsync(run.Context, run.Gathered(Facts(stopped: Controllers)), CancellationToken.None);

        run.Context.Plan.ByHost(Controllers).Select(g => (g.Key, g.Single().Action)).Should().Equal(
            Controllers.Select(c => (c, "start k0s controller, one of 3 started together to regain etcd quorum")));
        run.AllCommands.Should().OnlyContain(c => c.StartsWith("read etcd database", StringComparison.Ordinal));
        run.Sink.Events.Should().Contain(e => e.Message != null && e.Message.Contains("start 3 controllers together to regain etcd quorum", StringComparison.Ordinal));
    }

    /// <summary>
    /// Three controllers behind one LB: each stopped one's database lists c1-c3; etcd answers on a started (or running)
    /// controller, healthy for every member that runs, with a quorum once <paramref name="quorumAt"/> run.
    /// </summary>
    private FakeRun Given(string[] stopped, bool dryRun = false, int quorumAt = 2, Func<HostSession, bool>? reached = null)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 3, workers: 0), new RunOptions { DryRun = dryRun, Timeout = TimeSpan.FromSeconds(2) }, reached: reached);
        foreach (var name in Controllers.Where(run.Hosts.ContainsKey))
        {
            if (!stopped.Contains(name))
            {
                started.Enqueue(name);
            }
            var database = EtcdDatabaseTests.BoltFile.Inline([.. Controllers.Select(c => (System.Text.Encoding.ASCII.GetBytes(c),
                System.Text.Encoding.ASCII.GetBytes($$"""{"id":{{c[1]}},"peerURLs":["https://10.0.0.1{{c[1]}}:2380"],"name":"{{c}}","clientURLs":["https://10.0.0.1{{c[1]}}:2379"]}""")))]);
            run[name]
                .On("read etcd database", command =>
                {
                    var bytes = EtcdDatabaseTests.BoltFile.Reader(database)(long.Parse(command.Argv[^2], System.Globalization.CultureInfo.InvariantCulture),
                        int.Parse(command.Argv[^1], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None).Result;
                    return new CommandResult(0, Convert.ToBase64String(bytes) + "\n", "");
                })
                .On("systemctl start k0scontroller", _ =>
                {
                    started.Enqueue(name);
                    return new CommandResult(0, "", "");
                })
                .On("etcd member list", _ => started.Contains(name)
                    ? new CommandResult(0, "### 0 https://127.0.0.1:2379/v3/cluster/member/list\n{\"members\":["
                        + string.Join(',', Controllers.Select(c => $"{{\"ID\":\"{c[1]}\",\"name\":\"{c}\",\"peerURLs\":[\"https://10.0.0.1{c[1]}:2380\"],\"clientURLs\":[\"https://10.0.0.1{c[1]}:2379\"]}}")) + "]}\n", "")
                    : new CommandResult(0, "### 7 https://127.0.0.1:2379/v3/cluster/member/list\ncurl: (7) Failed to connect\n", ""))
                .On("etcd member status", _ => new CommandResult(0, string.Concat(Controllers.Select(c => started.Contains(c)
                    ? $"### 0 https://10.0.0.1{c[1]}:2379/v3/maintenance/status\n{{\"header\":{{\"member_id\":\"{c[1]}\"}},\"leader\":\"{(started.Distinct().Count() >= quorumAt ? "1" : "0")}\"}}\n"
                    : $"### 7 https://10.0.0.1{c[1]}:2379/v3/maintenance/status\ncurl: (7) Failed to connect\n")), ""))
                .On("/usr/local/bin/k0s kubectl", "ok\n")
                .On("gather facts", _ => new CommandResult(0, $"### hostname\n{name}\n### units\nk0scontroller active\n### etcd\njoined\n", ""));
        }
        return run;
    }

    private static Func<HostSession, HostFacts> Facts(string[] stopped, string[]? wiped = null) => s =>
        (wiped ?? []).Contains(s.Name) ? FakeRun.Facts(s.Name)
        : stopped.Contains(s.Name) ? K0sFakes.Joined(s.Name, "k0scontroller") with { ServiceStates = new Dictionary<string, string> { ["k0scontroller"] = "inactive" } }
        : K0sFakes.Joined(s.Name, "k0scontroller");
}
