using System.Text.Json;
using System.Text.RegularExpressions;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Apply;

/// <summary>The design's main topology, built by `hactl apply` on real lab hosts and checked out of band.</summary>
public sealed partial class HaproxyKeepalivedApplyTests(HaproxyKeepalivedCluster lab) : IClassFixture<HaproxyKeepalivedCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly string[] loadBalancers = [.. lab.WithRole("loadbalancer").Select(h => h.Name)];
    private readonly string[] controllers = [.. lab.WithRole("controller").Select(h => h.Name)];
    private readonly string[] workers = [.. lab.WithRole("worker").Select(h => h.Name)];

    [Fact]
    public void Apply_builds_the_cluster_reaching_one_controller_as_a_sudo_user_on_port_2222()
    {
        lab.Host("h3").Should().Match<LabHost>(h => h.User == "deploy" && h.Port == 2222);
        lab.FirstApply.ExitCode.Should().Be(0, lab.FirstApply.ToString());
        lab.FirstApply.StdOut.Should().Contain("Apply finished");
    }

    [Fact]
    public async Task Etcd_has_exactly_the_three_controllers()
    {
        var members = await ClusterChecks.EtcdMembersAsync(lab, controllers[1]);

        members.Values.Should().BeEquivalentTo(lab.WithRole("controller").Select(h => $"https://{h.Address}:2380"));
    }

    [Fact]
    public async Task Both_workers_are_Ready()
    {
        var ready = await ClusterChecks.ReadyNodesAsync(lab, controllers[0]);

        ready.Should().Contain(workers);
    }

    [Fact]
    public async Task The_written_kubeconfig_reaches_readyz_through_the_VIP_with_the_real_kubectl()
    {
        var kubeconfig = await File.ReadAllTextAsync(lab.KubeconfigPath);
        kubeconfig.Should().Contain($"server: https://{lab.VirtualIP}:6443");
        File.GetUnixFileMode(lab.KubeconfigPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var readyz = await ClusterChecks.KubectlReadyzAsync(lab.KubeconfigPath);

        readyz.ExitCode.Should().Be(0, readyz.ToString());
        readyz.StdOut.Trim().Should().Be("ok");
    }

    [Fact]
    public async Task The_kubeconfig_command_prints_a_kubeconfig_for_the_VIP_and_address_overrides_it()
    {
        var printed = await lab.HactlAsync("kubeconfig", lab.ClusterYamlPath);
        var overridden = await lab.HactlAsync("kubeconfig", lab.ClusterYamlPath, "--address", lab.Host(controllers[2]).Address);

        printed.ExitCode.Should().Be(0, printed.ToString());
        printed.StdOut.Should().Contain($"server: https://{lab.VirtualIP}:6443").And.Contain("current-context: lab");
        overridden.StdOut.Should().Contain($"server: https://{lab.Host(controllers[2]).Address}:6443");
    }

    [Fact]
    public async Task Reapplying_changes_nothing_on_any_host_and_its_json_output_holds_no_secret()
    {
        var before = await ClusterChecks.SnapshotAsync(lab);

        var again = await lab.ApplyAsync("--output", "json");

        again.ExitCode.Should().Be(0, again.ToString());
        var events = again.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        events.Should().NotContain(e => e.GetProperty("event").GetString() == "host.action");
        events.Last().GetProperty("event").GetString().Should().Be("run.finished");
        events.Last().GetProperty("changes").GetInt32().Should().Be(0);
        (await ClusterChecks.SnapshotAsync(lab)).Should().Equal(before);
        AssertNoSecrets(again.StdOut + again.StdErr + lab.FirstApply.StdOut + lab.FirstApply.StdErr);
    }

    [Fact]
    public async Task A_dry_run_of_the_built_cluster_has_nothing_pending()
    {
        var plan = await lab.ApplyAsync("--dry-run");

        plan.ExitCode.Should().Be(0, plan.ToString());
        plan.StdOut.Should().Contain("nothing to change");
    }

    [Fact]
    public async Task A_second_apply_started_while_one_runs_fails_at_once_naming_the_holder()
    {
        var slowConfig = await WithBeforeHookAsync("sleep 8");
        using var first = Hactl.Start(lab.HactlArgs("apply", slowConfig));
        await Poll.UntilAsync("the first apply to hold the lock", Settle,
            async () => (await lab.ExecAsync(loadBalancers[0], "test", "-d", "/run/lock/hactl")).Succeeded);

        var second = await lab.ApplyAsync();

        second.ExitCode.Should().Be(1, second.ToString());
        second.StdOut.Should().Contain("locked by another hactl run").And.Contain($"pid {first.Pid}");
        (await first.WaitAsync(Hactl.ApplyTimeout)).ExitCode.Should().Be(0);
        (await lab.ExecAsync(loadBalancers[0], "test", "-d", "/run/lock/hactl")).Succeeded.Should().BeFalse("the lock is released");
    }

    [Fact]
    public async Task The_VIP_moves_when_keepalived_or_haproxy_stops_on_its_holder_and_the_API_stays_reachable()
    {
        var holder = await SingleHolderAsync();
        try
        {
            await lab.ExecAsync(holder, "systemctl", "stop", "keepalived");
            var next = await WaitForHolderOtherThanAsync(holder);
            await AssertApiAnswersThroughVipAsync();

            await lab.ExecAsync(holder, "systemctl", "start", "keepalived");
            await lab.ExecAsync(next, "systemctl", "stop", "haproxy");
            await WaitForHolderOtherThanAsync(next);
            await AssertApiAnswersThroughVipAsync();
        }
        finally
        {
            foreach (var lb in loadBalancers)
            {
                await lab.ExecAsync(lb, "systemctl", "start", "haproxy", "keepalived");
            }
            await SingleHolderAsync();
        }
    }

    [Fact]
    public async Task With_one_controller_stopped_the_API_still_answers_through_the_VIP()
    {
        var stopped = controllers[2];
        try
        {
            (await lab.ExecAsync(stopped, "systemctl", "stop", "k0scontroller")).ThrowIfFailed();

            await AssertApiAnswersThroughVipAsync();
        }
        finally
        {
            await lab.ExecAsync(stopped, "systemctl", "start", "k0scontroller");
            await Poll.UntilAsync($"{stopped}'s API to be ready again", Settle, async () =>
                (await lab.ExecAsync(stopped, "k0s", "kubectl", "get", "--raw=/readyz")).StdOut.Trim() == "ok");
        }
    }

    [Fact]
    public async Task A_dry_run_of_a_pending_k0s_config_change_plans_the_restarts_and_leaves_every_host_byte_identical()
    {
        var changed = await WithMoreSansAsync();
        var before = await HostFingerprint.TakeAllAsync(lab);

        var plan = await lab.HactlAsync("apply", changed, "--dry-run");

        plan.ExitCode.Should().Be(3, plan.ToString());
        plan.StdOut.Should().Contain("restart k0s controller").And.Contain("nothing was changed");
        HostFingerprint.Changes(before, await HostFingerprint.TakeAllAsync(lab)).Should().BeEmpty("a dry run changes no host");
    }

    [Fact]
    public async Task A_changed_k0s_config_restarts_only_the_controllers_one_at_a_time_and_apply_settles_again()
    {
        var changed = await WithMoreSansAsync();
        var before = await ClusterChecks.SnapshotAsync(lab);
        try
        {
            var apply = await lab.HactlAsync("apply", changed, "--output", "json");

            apply.ExitCode.Should().Be(0, apply.ToString());
            var actions = apply.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("event").GetString() == "host.action")
                .Select(e => (Host: e.GetProperty("host").GetString()!, Action: e.GetProperty("action").GetString()!))
                .ToList();
            actions.Where(a => a.Action.StartsWith("restart k0s controller", StringComparison.Ordinal)).Select(a => a.Host)
                .Should().Equal(lab.WithRole("controller").Select(h => h.Address), "each controller restarts once, in order");
            actions.Should().OnlyContain(a => lab.WithRole("controller").Any(h => h.Address == a.Host), "only controllers are touched");
            var after = await ClusterChecks.SnapshotAsync(lab);
            foreach (var host in lab.WithRole("loadbalancer").Concat(lab.WithRole("worker")))
            {
                after[$"{host.Name} units"].Should().Be(before[$"{host.Name} units"], $"{host.Name} is not restarted");
            }
            (await lab.ReadFileAsync(controllers[0], "/etc/k0s/k0s.yaml")).Should().Contain("api.lab.example");
            (await ClusterChecks.EtcdMembersAsync(lab, controllers[0])).Should().HaveCount(3);
        }
        finally
        {
            (await lab.ApplyAsync()).ExitCode.Should().Be(0, "applying the original config restores it");
        }
    }

    private async Task<string> SingleHolderAsync()
    {
        var holders = await Poll.UntilAsync("exactly one LB host to hold the VIP", Settle,
            () => ClusterChecks.VipHoldersAsync(lab, loadBalancers), now => now.Count == 1);
        return holders[0];
    }

    private async Task<string> WaitForHolderOtherThanAsync(string previous)
    {
        var holders = await Poll.UntilAsync($"the VIP to move away from {previous}", Settle,
            () => ClusterChecks.VipHoldersAsync(lab, loadBalancers), now => now.Count == 1 && now[0] != previous);
        return holders[0];
    }

    /// <summary>Five answers in a row: HAProxy has taken any dead backend out and the VIP holder serves.</summary>
    private async Task AssertApiAnswersThroughVipAsync()
    {
        var streak = 0;
        await Poll.UntilAsync("/readyz to answer ok through the VIP five times in a row", Settle, async () =>
        {
            var readyz = await ClusterChecks.KubectlReadyzAsync(lab.KubeconfigPath);
            streak = readyz.Succeeded && readyz.StdOut.Trim() == "ok" ? streak + 1 : 0;
            return streak >= 5;
        }, every: TimeSpan.FromMilliseconds(500));
    }

    /// <summary>The lab's config with one more API SAN: a k0s config change that restarts every controller.</summary>
    private async Task<string> WithMoreSansAsync()
    {
        var changed = Path.Combine(lab.Dir, "cluster-more-sans.yaml");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(lab.ClusterYamlPath))
            .Replace("  k0s:\n", "  k0s:\n    config:\n      spec:\n        api:\n          sans: [api.lab.example]\n", StringComparison.Ordinal));
        return changed;
    }

    private async Task<string> WithBeforeHookAsync(string hook)
    {
        var yaml = await File.ReadAllTextAsync(lab.ClusterYamlPath);
        var first = yaml.IndexOf("    - role: loadbalancer", StringComparison.Ordinal);
        var next = yaml.IndexOf("    - role:", first + 1, StringComparison.Ordinal);
        var withHook = yaml.Insert(next, $"      hooks:\n        apply:\n          before: [\"{hook}\"]\n");
        var path = Path.Combine(lab.Dir, "cluster-with-hook.yaml");
        await File.WriteAllTextAsync(path, withHook);
        return path;
    }

    private void AssertNoSecrets(string output)
    {
        var authPass = AuthPass().Match(File.ReadAllText(lab.ClusterYamlPath)).Groups[1].Value;
        authPass.Should().NotBeEmpty();
        output.Should().NotContain(authPass);
        JoinToken().IsMatch(output).Should().BeFalse("no bootstrap token may be printed");
    }

    [GeneratedRegex("authPass: \"?([^\"\\n]+)\"?")]
    private static partial Regex AuthPass();

    [GeneratedRegex(@"\b[a-z0-9]{6}\.[a-z0-9]{16}\b")]
    private static partial Regex JoinToken();
}
