namespace HaCluster.EndToEnd.Lab;

/// <summary>Each lab host is a real, separate Linux host: its own name, OS, systemd, network and disk.</summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class LabHostTests(SelfTestLab lab)
{
    [Fact]
    public async Task Every_host_answers_ssh_with_its_own_hostname()
    {
        foreach (var host in lab.Hosts)
        {
            var result = (await lab.SshAsync(host.Name, "hostname")).ThrowIfFailed();

            result.StdOut.Trim().Should().Be(host.Name);
        }
    }

    [Fact]
    public async Task Every_host_has_the_os_release_hosts_json_names()
    {
        foreach (var host in lab.Hosts)
        {
            var result = (await lab.SshAsync(host.Name, ". /etc/os-release && echo \"$ID-$VERSION_ID\"")).ThrowIfFailed();

            result.StdOut.Trim().Should().Be(host.Os);
        }
    }

    [Fact]
    public void The_hosts_mix_debian_and_ubuntu_releases()
    {
        lab.Hosts.Select(h => h.Os).Distinct().Should().BeEquivalentTo("debian-12", "ubuntu-22.04", "ubuntu-24.04");
    }

    [Fact]
    public async Task Systemd_runs_every_host_with_no_failed_unit()
    {
        foreach (var host in lab.Hosts)
        {
            var state = await lab.ExecAsync(host.Name, "systemctl", "is-system-running");

            state.StdOut.Trim().Should().Be("running", $"{host.Name} has failed units: {(await lab.ExecAsync(host.Name, "systemctl", "--failed")).StdOut}");
        }
    }

    [Fact]
    public async Task Only_sshd_is_enabled_on_a_fresh_host()
    {
        // Listing unit files is slow (it reads them all): every host at once.
        var listings = await Task.WhenAll(lab.Hosts.Select(host =>
            lab.ExecAsync(host.Name, "systemctl", "list-unit-files", "--state=enabled", "--no-legend")));

        foreach (var (host, enabled) in lab.Hosts.Zip(listings))
        {
            enabled.ThrowIfFailed().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0])
                .Should().Equal(["ssh.service"], $"{host.Name} should run only sshd until something enables more");
        }
    }

    [Fact]
    public async Task The_machines_packages_are_installed_but_not_running()
    {
        var installed = await lab.ExecAsync("h3", "which", "haproxy", "keepalived", "etcd", "etcdctl", "sshd", "sudo");
        var active = await lab.ExecAsync("h3", "systemctl", "is-active", "haproxy", "keepalived", "etcd");

        installed.ThrowIfFailed().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6);
        active.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().AllBe("inactive");
    }

    [Fact]
    public async Task Etc_hosts_names_every_lab_host()
    {
        var hosts = await lab.ReadFileAsync("h2", "/etc/hosts");

        foreach (var host in lab.Hosts)
        {
            hosts.Should().Contain($"{host.Address}\t{host.Name}\n");
        }
    }

    [Fact]
    public async Task A_file_written_in_one_host_is_not_visible_in_another_or_on_the_machine()
    {
        const string path = "/var/lib/lab-isolation-probe";
        (await lab.SshAsync("h1", $"echo written-in-h1 > {path}")).ThrowIfFailed();

        (await lab.ReadFileAsync("h1", path)).Should().Be("written-in-h1\n");
        (await lab.ExecAsync("h2", "test", "-e", path)).ExitCode.Should().Be(1);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Each_host_has_its_own_machine_id()
    {
        var ids = new List<string>();
        foreach (var host in lab.Hosts)
        {
            ids.Add((await lab.ReadFileAsync(host.Name, "/etc/machine-id")).Trim());
        }

        ids.Should().OnlyHaveUniqueItems().And.NotContain((await File.ReadAllTextAsync("/etc/machine-id")).Trim());
    }

    [Fact]
    public async Task Roots_home_holds_only_the_skeleton_and_the_lab_key()
    {
        var listing = (await lab.ExecAsync("h1", "ls", "-A", "/root")).ThrowIfFailed();

        listing.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().BeSubsetOf([".bashrc", ".profile", ".bash_logout", ".ssh", ".lesshst"]);
    }

    [Fact]
    public async Task Run_and_tmp_are_tmpfs()
    {
        var types = (await lab.ExecAsync("h2", "findmnt", "-n", "-o", "FSTYPE", "--target", "/run")).ThrowIfFailed().StdOut
            + (await lab.ExecAsync("h2", "findmnt", "-n", "-o", "FSTYPE", "--target", "/tmp")).ThrowIfFailed().StdOut;

        types.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("tmpfs", "tmpfs");
    }

    [Fact]
    public async Task Hosts_have_their_lab_address_and_no_default_route()
    {
        foreach (var host in lab.Hosts)
        {
            var routes = (await lab.ExecAsync(host.Name, "ip", "-4", "route", "show", "default")).ThrowIfFailed();

            (await lab.IpAddrAsync(host.Name)).Should().Equal($"{host.Address}/24");
            routes.StdOut.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Ip_nonlocal_bind_set_in_one_host_stays_in_that_host()
    {
        var machine = await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_nonlocal_bind");
        try
        {
            (await lab.ExecAsync("h1", "sysctl", "-w", "net.ipv4.ip_nonlocal_bind=1")).ThrowIfFailed();

            (await lab.ReadFileAsync("h1", "/proc/sys/net/ipv4/ip_nonlocal_bind")).Should().Be("1\n");
            (await lab.ReadFileAsync("h2", "/proc/sys/net/ipv4/ip_nonlocal_bind")).Should().Be("0\n");
            (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_nonlocal_bind")).Should().Be(machine);
        }
        finally
        {
            await lab.ExecAsync("h1", "sysctl", "-w", "net.ipv4.ip_nonlocal_bind=0");
        }
    }

    [Fact]
    public async Task Status_reports_every_host_with_systemd_running_and_sshd_up()
    {
        var status = await lab.StatusAsync();

        status.ExitCode.Should().Be(0);
        foreach (var host in lab.Hosts)
        {
            status.StdOut.Should().MatchRegex($@"(?m)^{host.Name}\s+{host.Address.Replace(".", @"\.")}\s+{host.Port}\s+.*\brunning\s+up$");
        }
    }
}
