using HaCluster.Model;
using HaCluster.Remote;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Remote;

/// <summary>Every combination of choice, connection block, openSSH-only settings and what this machine offers.</summary>
public class TransportResolverTests
{
    private static readonly LocalSsh LinuxWithSsh = new(SshOnPath: true, IsWindows: false);
    private static readonly LocalSsh LinuxWithoutSsh = new(SshOnPath: false, IsWindows: false);
    private static readonly LocalSsh WindowsWithSsh = new(SshOnPath: true, IsWindows: true);
    private static readonly LocalSsh WindowsWithoutSsh = new(SshOnPath: false, IsWindows: true);

    public static TheoryData<TransportChoice, ConnectionBlock, string[], LocalSsh, TransportKind?, string[]> Table => new()
    {
        // openssh: every host, whatever it sets (the choice itself is checked against the machine apart).
        { TransportChoice.OpenSsh, ConnectionBlock.Ssh, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.OpenSsh, ConnectionBlock.Localhost, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.OpenSsh, ConnectionBlock.OpenSsh, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.OpenSsh, ConnectionBlock.OpenSsh, ["configPath", "options"], LinuxWithSsh, TransportKind.OpenSsh, [] },
        // sshnet: every host, but settings only ssh can honour are errors, one a field.
        { TransportChoice.SshNet, ConnectionBlock.Ssh, [], LinuxWithSsh, TransportKind.SshNet, [] },
        { TransportChoice.SshNet, ConnectionBlock.Localhost, [], WindowsWithoutSsh, TransportKind.SshNet, [] },
        { TransportChoice.SshNet, ConnectionBlock.OpenSsh, [], LinuxWithSsh, TransportKind.SshNet, [] },
        { TransportChoice.SshNet, ConnectionBlock.OpenSsh, [], WindowsWithoutSsh, TransportKind.SshNet, [] },
        { TransportChoice.SshNet, ConnectionBlock.OpenSsh, ["configPath"], LinuxWithSsh, null, ["configPath"] },
        { TransportChoice.SshNet, ConnectionBlock.OpenSsh, ["options"], WindowsWithSsh, null, ["options"] },
        { TransportChoice.SshNet, ConnectionBlock.OpenSsh, ["configPath", "options"], LinuxWithoutSsh, null, ["configPath", "options"] },
        // auto: OpenSSH where it is usable, SSH.NET elsewhere; an openSSH: block needs OpenSSH.
        { TransportChoice.Auto, ConnectionBlock.Ssh, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.Auto, ConnectionBlock.Ssh, [], LinuxWithoutSsh, TransportKind.SshNet, [] },
        { TransportChoice.Auto, ConnectionBlock.Ssh, [], WindowsWithSsh, TransportKind.SshNet, [] },
        { TransportChoice.Auto, ConnectionBlock.Ssh, [], WindowsWithoutSsh, TransportKind.SshNet, [] },
        { TransportChoice.Auto, ConnectionBlock.Localhost, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.Auto, ConnectionBlock.Localhost, [], LinuxWithoutSsh, TransportKind.SshNet, [] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, [], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, ["configPath", "options"], LinuxWithSsh, TransportKind.OpenSsh, [] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, [], LinuxWithoutSsh, null, [""] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, ["configPath"], LinuxWithoutSsh, null, [""] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, [], WindowsWithSsh, null, [""] },
        { TransportChoice.Auto, ConnectionBlock.OpenSsh, [], WindowsWithoutSsh, null, [""] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_host_gets_the_transport_its_choice_block_and_machine_allow(
        TransportChoice choice, ConnectionBlock block, string[] settings, LocalSsh local, TransportKind? kind, string[] faultyFields)
    {
        var resolution = TransportResolver.Resolve(new TransportSetting(choice, local), block, settings);

        resolution.Kind.Should().Be(kind);
        resolution.Problems.Select(p => p.Field).Should().Equal(faultyFields);
    }

    [Fact]
    public void An_openssh_block_where_openssh_is_unusable_says_what_to_do_instead()
    {
        var resolution = TransportResolver.Resolve(new TransportSetting(TransportChoice.Auto, WindowsWithSsh), ConnectionBlock.OpenSsh, []);

        resolution.Problems.Single().Message.Should().Contain("Windows").And.Contain("install OpenSSH").And.Contain("ssh: block").And.Contain("--transport sshnet");
    }

    [Fact]
    public void An_openssh_only_setting_under_sshnet_names_the_setting_and_the_way_out()
    {
        var resolution = TransportResolver.Resolve(new TransportSetting(TransportChoice.SshNet, LinuxWithSsh), ConnectionBlock.OpenSsh, ["configPath"]);

        resolution.Problems.Single().Message.Should().StartWith("configPath needs the OpenSSH client").And.Contain("--transport auto or openssh");
    }

    [Theory]
    [InlineData(TransportChoice.OpenSsh, true, false, false)]
    [InlineData(TransportChoice.OpenSsh, false, false, true)]
    [InlineData(TransportChoice.OpenSsh, true, true, true)]
    [InlineData(TransportChoice.Auto, false, true, false)]
    [InlineData(TransportChoice.SshNet, false, true, false)]
    public void Only_openssh_asked_for_where_it_cannot_run_is_a_problem_of_the_choice_itself(TransportChoice choice, bool sshOnPath, bool windows, bool problem)
    {
        var message = TransportResolver.ChoiceProblem(new TransportSetting(choice, new LocalSsh(sshOnPath, windows)));

        (message is not null).Should().Be(problem, message);
    }

    [Fact]
    public void A_run_plan_names_the_kind_most_hosts_use_and_lists_the_others()
    {
        var cluster = TestClusters.Ops() with
        {
            Hosts = [Host(0, "lb1", ConnectionBlock.OpenSsh), Host(1, "c1", ConnectionBlock.Ssh), Host(2, "c2", ConnectionBlock.Ssh)],
        };

        var plan = TransportResolver.Plan(cluster, new TransportSetting(TransportChoice.Auto, LinuxWithSsh));
        var mixed = new TransportPlan([(cluster.Hosts[0], TransportKind.OpenSsh), (cluster.Hosts[1], TransportKind.SshNet), (cluster.Hosts[2], TransportKind.SshNet)]);

        plan.Main.Should().Be(TransportKind.OpenSsh);
        plan.OtherHosts.Should().BeEmpty();
        plan.ToString().Should().Be("openssh");
        mixed.Main.Should().Be(TransportKind.SshNet);
        mixed.OtherHosts.Should().Equal("lb1");
        mixed.KindOf(cluster.Hosts[0]).Should().Be(TransportKind.OpenSsh);
        mixed.ToString().Should().Be("sshnet (openssh: lb1)");
    }

    [Theory]
    [InlineData("/usr/bin:/bin", false, "/usr/bin/ssh", true)]
    [InlineData("/opt/x::/bin", false, "/bin/ssh", true)]
    [InlineData("/usr/bin", false, "/usr/local/bin/ssh", false)]
    [InlineData("", false, "/usr/bin/ssh", false)]
    [InlineData(@"C:\Windows\System32\OpenSSH;C:\Tools", true, @"C:\Windows\System32\OpenSSH\ssh.exe", true)]
    [InlineData(@"C:\Tools", true, @"C:\Tools\ssh", false)]
    public void Ssh_is_found_on_path_the_way_the_os_looks_for_it(string path, bool windows, string existing, bool found)
    {
        LocalSsh.IsOnPath("ssh", path, windows, file => file == existing).Should().Be(found);
    }

    private static HostModel Host(int index, string name, ConnectionBlock block) => new()
    {
        Index = index,
        Name = name,
        Role = HostRole.Controller,
        Connection = new ConnectionModel { Address = name, Block = block },
        PrivateAddress = name,
    };
}
