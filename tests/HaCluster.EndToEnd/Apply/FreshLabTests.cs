using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Apply;

/// <summary>A lab nobody has applied to: a dry run must leave every host byte-identical.</summary>
public sealed class DryRunOnFreshLabTests(FiveHostLab lab) : IClassFixture<FiveHostLab>
{
    [Fact]
    public async Task A_dry_run_changes_nothing_on_any_host_and_exits_with_changes_pending()
    {
        var before = await HostFingerprint.TakeAllAsync(lab);

        var plan = await DryRunAsync("dry.log");

        plan.ExitCode.Should().Be(3, plan.ToString());
        plan.StdOut.Should().Contain("Plan for").And.Contain("would").And.Contain("nothing was changed");
        HostFingerprint.Changes(before, await HostFingerprint.TakeAllAsync(lab)).Should().BeEmpty("a dry run changes no host");
    }

    [Fact]
    public async Task A_dry_run_leaves_a_stale_lock_where_it_found_it()
    {
        const string locked = "h3";
        await LeaveStaleLockAsync(locked);
        try
        {
            var before = await HostFingerprint.TakeAllAsync(lab);

            var plan = await DryRunAsync("dry-stale-lock.log");

            plan.ExitCode.Should().Be(3, plan.ToString());
            HostFingerprint.Changes(before, await HostFingerprint.TakeAllAsync(lab)).Should().BeEmpty("a dry run breaks no lock, stale or not");
        }
        finally
        {
            (await lab.ExecAsync(locked, "rm", "-rf", "--", StaleLock.Path)).ThrowIfFailed();
        }
    }

    private Task<ProcessResult> DryRunAsync(string log) =>
        Hactl.RunAsync(Hactl.ApplyTimeout,
            "apply", "--dry-run", "--config", lab.ClusterYamlPath, "--known-hosts", lab.KnownHostsPath, "--log-file", Path.Combine(lab.Dir, log));

    /// <summary>The lock an apply from this machine leaves when it is killed: its holder names a process that is gone.</summary>
    private async Task LeaveStaleLockAsync(string host)
    {
        using var gone = ProcessRunner.Start("true", []);
        await gone.WaitAsync(TimeSpan.FromSeconds(10));
        (await lab.ExecAsync(host, "mkdir", "-p", StaleLock.Path)).ThrowIfFailed();
        await lab.WriteFileAsync(host, $"{StaleLock.Path}/holder", StaleLock.Holder(gone.Pid));
    }
}

/// <summary>Ctrl-C in the middle of joining controllers: locks and tokens are cleaned up, and apply then finishes the job.</summary>
public sealed class InterruptedApplyTests(FiveHostLab lab) : IClassFixture<FiveHostLab>
{
    // No token file, or only the placeholder hactl leaves after a finished join (k0s's unit still names the file).
    private const string NoJoinToken =
        "test ! -e /etc/k0s/k0stoken || grep -qx '# join token removed by hactl after the join' /etc/k0s/k0stoken";

    [Fact]
    public async Task Interrupting_a_join_leaves_no_lock_or_token_and_a_new_apply_completes()
    {
        string[] args = ["apply", "--config", lab.ClusterYamlPath, "--known-hosts", lab.KnownHostsPath, "--log-file", Path.Combine(lab.Dir, "interrupted.log")];
        using (var apply = Hactl.Start(args))
        {
            await Poll.UntilAsync("a join token on the second controller", TimeSpan.FromMinutes(5),
                async () => (await lab.ExecAsync("h4", "test", "-e", "/etc/k0s/k0stoken")).Succeeded);

            apply.Interrupt();

            var interrupted = await apply.WaitAsync(TimeSpan.FromMinutes(2));
            interrupted.ExitCode.Should().Be(130, interrupted.ToString());
        }
        foreach (var host in lab.Hosts)
        {
            (await lab.ExecAsync(host.Name, "test", "-e", "/run/lock/hactl")).Succeeded.Should().BeFalse($"{host.Name} keeps no lock");
            (await lab.ExecAsync(host.Name, "sh", "-c", NoJoinToken)).Succeeded.Should().BeTrue($"{host.Name} keeps no join token");
        }
        (await lab.ExecAsync("h3", "k0s", "token", "list")).StdOut.Should().Contain("No k0s join tokens found");

        var resumed = await Hactl.RunAsync(Hactl.ApplyTimeout, [.. args[..^1], Path.Combine(lab.Dir, "resumed.log")]);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        (await ClusterChecks.EtcdMembersAsync(lab, "h3")).Should().HaveCount(3);
    }
}

/// <summary>A host whose sudo wants a password: hactl never types one, and says what to fix.</summary>
public sealed class PasswordSudoLab() : Lab.Lab(new LabOptions { Hosts = 2, HostOptions = ["h2:user=deploy,sudo=password"] });

public sealed class PasswordSudoTests(PasswordSudoLab lab) : IClassFixture<PasswordSudoLab>
{
    [Fact]
    public async Task Apply_fails_with_a_message_that_asks_for_passwordless_sudo()
    {
        var host = lab.Host("h2");
        var config = Path.Combine(lab.Dir, "single.yaml");
        await File.WriteAllTextAsync(config, $"""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            metadata:
              name: sudo-check
            spec:
              hosts:
                - role: single
                  ssh:
                    address: {host.Address}
                    user: {host.User}
                    port: {host.Port}
                    keyPath: {lab.KeyPath}
            """);

        var apply = await Hactl.RunAsync(Hactl.ApplyTimeout, "apply", "--config", config, "--known-hosts", lab.KnownHostsPath, "--log-file", Path.Combine(lab.Dir, "sudo.log"));

        apply.ExitCode.Should().Be(1, apply.ToString());
        apply.StdOut.Should().Contain(host.Address).And.Contain("sudo asks for a password").And.Contain("passwordless sudo");
    }
}
