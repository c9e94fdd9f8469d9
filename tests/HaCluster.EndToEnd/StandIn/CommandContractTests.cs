namespace HaCluster.EndToEnd.StandIn;

/// <summary>The contract's error outputs and exit codes and install's unit, on a fresh host and a single node.</summary>
public sealed class CommandContractTests(BareHosts hosts) : IClassFixture<BareHosts>
{
    private const string WorkerUnit = "/etc/systemd/system/k0sworker.service";
    private const string ControllerUnit = "/etc/systemd/system/k0scontroller.service";

    [Fact]
    public async Task An_unknown_flag_is_an_error_naming_it()
    {
        var result = await hosts.Fresh.K0sAsync("status", "--bogus");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unknown flag: --bogus\n");
    }

    [Fact]
    public async Task Status_when_k0s_is_not_running_names_the_status_socket()
    {
        var result = await hosts.Fresh.K0sAsync("status");

        result.ExitCode.Should().Be(1);
        result.StdOut.Should().BeEmpty();
        result.StdErr.Should().StartWith("Error: status: can't get \"status\" via \"/run/k0s/status.sock\": ");
    }

    [Fact]
    public async Task Kubeconfig_admin_without_admin_conf_fails()
    {
        var result = await hosts.Fresh.K0sAsync("kubeconfig", "admin");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: admin config \"/var/lib/k0s/pki/admin.conf\" not found, check if the control plane is initialized on this node\n");
    }

    [Fact]
    public async Task Install_writes_the_contract_unit_with_flags_sorted_as_name_value()
    {
        try
        {
            var result = await hosts.Fresh.K0sAsync("install", "controller", "--enable-worker", "--no-taints",
                "--kubelet-extra-args=--node-ip=10.0.0.5 --v=2", "--labels=b=2,a=1", "--debug", "--data-dir", "/var/lib/k0s");

            result.ExitCode.Should().Be(0, result.StdErr);
            (await hosts.Fresh.ReadFileAsync(ControllerUnit)).Should().Be(
                "[Unit]\nDescription=k0s - Zero Friction Kubernetes\nDocumentation=https://docs.k0sproject.io\n" +
                "ConditionFileIsExecutable=/usr/local/bin/k0s\n\nAfter=network-online.target \nWants=network-online.target \n\n" +
                "[Service]\nStartLimitInterval=5\nStartLimitBurst=10\n" +
                "ExecStart=/usr/local/bin/k0s controller --data-dir=/var/lib/k0s --debug=true --enable-worker=true " +
                "--kubelet-extra-args=--node-ip=10.0.0.5\\x20--v=2 --labels=b=2,a=1 --no-taints=true\n\n" +
                "RestartSec=10\nDelegate=yes\nKillMode=process\nLimitCORE=infinity\nTasksMax=infinity\nTimeoutStartSec=0\n" +
                "OOMScoreAdjust=-999\nLimitNOFILE=999999\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n");
            (await hosts.Fresh.ExecAsync("systemctl", "is-enabled", "k0scontroller")).StdOut.Trim().Should().Be("enabled");
            (await hosts.Fresh.ExecAsync("systemctl", "is-active", "k0scontroller")).StdOut.Trim().Should().Be("inactive");
        }
        finally
        {
            (await hosts.Fresh.K0sAsync("reset")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Installing_over_an_existing_unit_without_force_fails()
    {
        try
        {
            (await hosts.Fresh.K0sAsync("install", "worker", "--token-file=/etc/k0s/k0stoken")).ThrowIfFailed();

            var result = await hosts.Fresh.K0sAsync("install", "worker", "--token-file=/etc/k0s/k0stoken");

            result.ExitCode.Should().Be(1);
            result.StdErr.Should().EndWith("Error: failed to install worker service: Init already exists: /etc/systemd/system/k0sworker.service\n");
        }
        finally
        {
            (await hosts.Fresh.K0sAsync("reset")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Installing_with_force_replaces_the_unit()
    {
        try
        {
            (await hosts.Fresh.K0sAsync("install", "worker", "--token-file=/etc/k0s/k0stoken", "--labels=zone=a")).ThrowIfFailed();

            var result = await hosts.Fresh.K0sAsync("install", "worker", "--token-file=/etc/k0s/k0stoken", "--labels=zone=b", "--force");

            result.ExitCode.Should().Be(0, result.StdErr);
            (await hosts.Fresh.ReadFileAsync(WorkerUnit)).Should().Contain(
                "\nExecStart=/usr/local/bin/k0s worker --labels=zone=b --token-file=/etc/k0s/k0stoken\n");
        }
        finally
        {
            (await hosts.Fresh.K0sAsync("reset")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Token_create_on_a_single_node_is_refused()
    {
        var result = await hosts.Single.K0sAsync("token", "create", "--role=worker");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: refusing to create token: cannot join into a single node cluster\n");
    }

    [Fact]
    public async Task Reset_while_k0s_runs_is_refused()
    {
        var result = await hosts.Single.K0sAsync("reset");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: another k0s process is still running, please stop k0s before reset\n");
        (await hosts.Single.ExistsAsync("/var/lib/k0s/pki/ca.crt")).Should().BeTrue();
    }

    [Fact]
    public async Task Etcd_commands_are_refused_on_a_single_node_which_uses_kine()
    {
        var result = await hosts.Single.K0sAsync("etcd", "member-list");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: wrong storage type: kine\n");
    }

    [Fact]
    public async Task Reset_removes_the_unit_data_and_run_dirs_but_leaves_etc_k0s_and_the_binary()
    {
        await hosts.Fresh.WriteFileAsync("/etc/k0s/k0s.yaml", "apiVersion: k0s.k0sproject.io/v1beta1\nkind: ClusterConfig\n");
        await BareHosts.StartSingleAsync(hosts.Fresh);
        await hosts.Fresh.SystemctlAsync("stop", "k0scontroller");

        var result = await hosts.Fresh.K0sAsync("reset");

        result.ExitCode.Should().Be(0, result.StdErr);
        (await hosts.Fresh.ExistsAsync(ControllerUnit)).Should().BeFalse();
        (await hosts.Fresh.ExistsAsync("/var/lib/k0s")).Should().BeFalse();
        (await hosts.Fresh.ExistsAsync("/run/k0s")).Should().BeFalse();
        (await hosts.Fresh.ExistsAsync("/etc/k0s/k0s.yaml")).Should().BeTrue();
        (await hosts.Fresh.ExistsAsync(K0sHost.Binary)).Should().BeTrue();
    }

    [Fact]
    public async Task Kubectl_against_a_stopped_API_reports_connection_refused()
    {
        try
        {
            await BareHosts.StartSingleAsync(hosts.Fresh);
            await hosts.Fresh.SystemctlAsync("stop", "k0scontroller");

            var result = await hosts.Fresh.K0sAsync("kubectl", "get", "nodes");

            result.ExitCode.Should().Be(1);
            result.StdErr.Should().EndWith("The connection to the server localhost:6443 was refused - did you specify the right host or port?\n");
        }
        finally
        {
            (await hosts.Fresh.K0sAsync("reset")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task A_single_node_registers_itself_as_a_Ready_control_plane_node()
    {
        await ClusterSteps.WaitNodeReadyAsync(hosts.Single, hosts.Single.Name);

        var nodes = await hosts.Single.K0sAsync("kubectl", "get", "nodes");

        nodes.StdOut.Should().MatchRegex($"\n{hosts.Single.Name} +Ready +control-plane +");
    }

    [Fact]
    public async Task Single_node_status_reports_workloads_and_single_node()
    {
        var status = await hosts.Single.K0sAsync("status");

        status.StdOut.Should().Contain("Role: controller\nWorkloads: true\nSingleNode: true\n");
    }
}
