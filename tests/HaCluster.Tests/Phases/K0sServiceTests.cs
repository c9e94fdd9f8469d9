using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

public class K0sServiceTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void A_running_controller_whose_inputs_are_older_than_it_needs_no_restart()
    {
        var host = Controller(Facts(configWritten: Started.AddMinutes(-5)));

        K0sService.RestartReason(host, joining: true).Should().BeNull();
    }

    [Fact]
    public void A_config_written_after_the_service_started_restarts_it_even_from_an_earlier_run()
    {
        var host = Controller(Facts(configWritten: Started.AddMinutes(5)));

        K0sService.RestartReason(host, joining: true).Should().Be("k0s.yaml changed");
    }

    [Fact]
    public void A_config_written_in_this_run_restarts_the_service()
    {
        var host = Controller(Facts(configWritten: Started.AddMinutes(-5)));
        host.Changed.K0sConfigWritten();

        K0sService.RestartReason(host, joining: true).Should().Be("k0s.yaml changed");
    }

    [Fact]
    public void Changed_install_flags_are_told_apart_from_the_token_file_flag()
    {
        var unchanged = Controller(Facts(Started.AddMinutes(-5), execStart: "/usr/local/bin/k0s controller --config=/etc/k0s/k0s.yaml --token-file=/etc/k0s/k0stoken"));
        var changed = Controller(Facts(Started.AddMinutes(-5), execStart: "/usr/local/bin/k0s controller --config=/etc/k0s/k0s.yaml --debug=true"));

        K0sService.RestartReason(unchanged, joining: false).Should().BeNull();
        K0sService.RestartReason(changed, joining: true).Should().Be("install flags changed");
    }

    [Fact]
    public void A_stopped_service_is_started_again()
    {
        var host = Controller(Facts(Started.AddMinutes(-5), state: "inactive"));

        K0sService.RestartReason(host, joining: true).Should().Be("service not running");
    }

    [Fact]
    public void Only_a_host_with_an_etcd_database_counts_as_a_joined_controller()
    {
        K0sService.IsJoined(Controller(Facts(Started, etcdJoined: true))).Should().BeTrue();
        K0sService.IsJoined(Controller(Facts(Started, etcdJoined: false))).Should().BeFalse();
    }

    private static HostFacts Facts(DateTimeOffset configWritten, string state = "active", string? execStart = null, bool etcdJoined = true) => new()
    {
        Hostname = "c1",
        Arch = "x86_64",
        Uid = 0,
        Clock = Started,
        Addresses = [],
        EtcdJoined = etcdJoined,
        ServiceStates = new Dictionary<string, string> { ["k0scontroller"] = state },
        K0sExecStart = execStart ?? "/usr/local/bin/k0s controller --config=/etc/k0s/k0s.yaml",
        FileModified = new Dictionary<string, DateTimeOffset> { ["/etc/k0s/k0s.yaml"] = configWritten, ["/usr/local/bin/k0s"] = Started.AddDays(-1) },
        ServiceStarted = new Dictionary<string, DateTimeOffset> { ["k0scontroller"] = Started },
    };

    private static GatheredHost Controller(HostFacts facts)
    {
        var run = new FakeRun(TestClusters.Ops(controllers: 1, workers: 0) with { Hosts = [TestClusters.Host(1, HostRole.Controller, "c1", "10.0.0.11")] });
        return run.Gathered(_ => facts).Hosts.Single();
    }
}
