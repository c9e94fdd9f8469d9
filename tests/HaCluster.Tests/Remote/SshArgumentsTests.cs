using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class SshArgumentsTests
{
    private static readonly TransportOptions Options = new() { KnownHostsFile = "/lab/known_hosts" };

    [Fact]
    public void Sessions_go_through_the_hosts_master_connection_in_batch_mode()
    {
        var connection = new ConnectionModel { Address = "10.0.0.5", User = "deploy", Port = 2222, KeyPath = "/keys/id" };

        var args = SshArguments.Session(connection, Options, "/run/cm/h1", "uptime", multiplexed: true);

        args.Should().ContainInOrder("-o", "BatchMode=yes");
        args.Should().ContainInOrder("-o", "StrictHostKeyChecking=accept-new");
        args.Should().ContainInOrder("-o", "UserKnownHostsFile=/lab/known_hosts");
        args.Should().ContainInOrder("-i", "/keys/id", "-o", "IdentitiesOnly=yes");
        args.Should().ContainInOrder("-p", "2222", "-l", "deploy");
        args.Should().ContainInOrder("-o", "ControlPath=/run/cm/h1", "-o", "ControlMaster=no", "10.0.0.5", "--", "uptime");
    }

    [Fact]
    public void Strict_mode_refuses_unknown_host_keys()
    {
        var args = SshArguments.Master(new ConnectionModel { Address = "h" }, Options with { StrictHostKeyChecking = true }, "/cm");

        args.Should().ContainInOrder("-o", "StrictHostKeyChecking=yes");
        args.Should().ContainInOrder("-o", "ControlMaster=yes", "-o", "ControlPersist=120", "-f", "-N", "h");
    }

    [Fact]
    public void A_master_opened_with_a_command_runs_it_in_the_foreground_and_persists_without_backgrounding_itself()
    {
        var args = SshArguments.MasterRunning(new ConnectionModel { Address = "h" }, Options, "/cm", "echo 'a b'");

        args.Should().ContainInOrder("-o", "ControlPath=/cm", "-o", "ControlMaster=yes", "-o", "ControlPersist=120", "h", "--", "echo 'a b'");
        args.Should().NotContain("-f").And.NotContain("-N");
        args[^1].Should().Be("echo 'a b'");
    }

    [Fact]
    public void A_persisted_master_ends_by_itself_after_the_persisted_idle_time()
    {
        var persisted = Options with { Persist = new PersistedMasters("/run/user/0/hactl", TimeSpan.FromSeconds(60)) };

        SshArguments.Master(new ConnectionModel { Address = "h" }, persisted, "/cm")
            .Should().ContainInOrder("-o", "ControlMaster=yes", "-o", "ControlPersist=60", "-f", "-N", "h");
    }

    [Fact]
    public void A_persisted_master_is_found_again_only_by_a_run_that_would_open_the_same_connection()
    {
        var connection = new ConnectionModel { Address = "10.0.0.5", User = "deploy", Port = 2222, KeyPath = "/keys/id" };
        var name = SshArguments.PersistedName(connection, Options);

        SshArguments.PersistedName(connection with { }, Options with { }).Should().Be(name).And.MatchRegex("^[0-9a-f]{20}$");
        SshArguments.PersistedName(connection with { Address = "10.0.0.6" }, Options).Should().NotBe(name);
        SshArguments.PersistedName(connection with { User = "root" }, Options).Should().NotBe(name);
        SshArguments.PersistedName(connection with { Port = 22 }, Options).Should().NotBe(name);
        SshArguments.PersistedName(connection with { KeyPath = "/keys/other" }, Options).Should().NotBe(name);
        SshArguments.PersistedName(connection with { Bastion = new ConnectionModel { Address = "jump" } }, Options).Should().NotBe(name);
        // A master opened against other known hosts, or less strictly, never answers for this run's host-key policy.
        SshArguments.PersistedName(connection, Options with { KnownHostsFile = "/other/known_hosts" }).Should().NotBe(name);
        SshArguments.PersistedName(connection, Options with { StrictHostKeyChecking = true }).Should().NotBe(name);
    }

    [Fact]
    public void A_bastion_is_reached_with_its_own_key_port_and_user_through_a_quoted_proxy_command()
    {
        var bastion = new ConnectionModel { Address = "bastion.example", User = "jump", Port = 2200, KeyPath = "/keys/with space%" };
        var connection = new ConnectionModel { Address = "10.0.0.5", Bastion = bastion };

        var args = SshArguments.Session(connection, Options, "/cm", "true", multiplexed: true);

        var proxy = args[args.FindIndex(a => a.StartsWith("ProxyCommand=", StringComparison.Ordinal))];
        proxy.Should().Contain("'/keys/with space%%'").And.Contain("-p 2200 -l jump -W %h:%p bastion.example");
    }

    [Fact]
    public void The_users_ssh_config_and_options_are_passed_through()
    {
        var connection = new ConnectionModel
        {
            Address = "h",
            ConfigPath = "/etc/hactl/ssh_config",
            Options = new Dictionary<string, string> { ["Compression"] = "yes" },
        };

        var args = SshArguments.Session(connection, Options, "/cm", "true", multiplexed: false);

        args.Should().ContainInOrder("-F", "/etc/hactl/ssh_config");
        args.Should().ContainInOrder("-o", "Compression=yes");
        args.Should().ContainInOrder("-o", "ControlPath=none");
    }
}
