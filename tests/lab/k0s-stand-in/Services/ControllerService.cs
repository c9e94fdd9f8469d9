using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using K0sStandIn.Api;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;
using K0sStandIn.Join;
using K0sStandIn.Keepalived;
using K0sStandIn.Kube;
using K0sStandIn.Pki;
using K0sStandIn.Status;
using K0sStandIn.Tokens;

namespace K0sStandIn.Services;

/// <summary>
/// <c>k0s controller</c>: PKI, a real etcd member (a new cluster, or joined through the join API with a token),
/// the API and join API over TLS, the status socket, CPLB's keepalived, and with --enable-worker a node of its own.
/// Runs until SIGTERM, then stops everything it started.
/// </summary>
internal static class ControllerService
{
    private static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(NodeOptions options, CancellationToken stop)
    {
        var vars = options.Vars;
        var host = HostFacts.Detect();
        Log.Info($"k0s {BuildInfo.Version} stand-in for the hactl lab (not real k0s) starting controller", ("pid", Environment.ProcessId));
        using var running = ProcessLock.TryAcquire(vars.LockPath)
            ?? throw new CliException("another k0s process is already running");
        var config = LoadConfig(options, host);
        var pki = new PkiLayout(vars);
        using var clusterCa = await EnsureClusterCaAsync(options, pki, stop);
        var bootstrap = await EnsureEtcdPkiAsync(options, pki, host, config, stop);

        var peerAddress = config.Spec.Storage.Etcd.PeerAddress!;
        await using var etcdProcess = ChildProcess.Start("etcd", EtcdServer.Binary,
            EtcdServer.Arguments(vars, pki, host.Hostname, peerAddress, bootstrap, config.Spec.Storage.Etcd.ExtraArgs), vars.RunDir);
        using var etcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(10));
        await WaitForEtcdAsync(etcd, stop);

        var endpoints = ApiEndpoints.From(config);
        ControllerPki.IssueApiServer(pki, clusterCa, config, host);
        ControllerPki.EnsureAdminKubeconfig(vars, pki, clusterCa, endpoints.Api);
        using var healthEtcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(2));
        var context = new ApiContext(etcd, new NodeStore(etcd), new TokenStore(etcd), new EtcdHealth(healthEtcd), clusterCa, pki,
            $"{config.Spec.Api.Address}:{endpoints.Api}", TimeProvider.System);
        using var apiCertificate = X509Certificate2.CreateFromPemFile(pki.ApiServer + ".crt", pki.ApiServer + ".key");
        await using var api = await ApiServer.StartAsync(context, endpoints, apiCertificate, stop);
        RuntimeConfig.Write(vars, config);

        var agent = options.EnableWorker ? StartOwnNode(options, vars, clusterCa, host, endpoints.Api) : null;
        using var workerStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var agentRun = agent?.RunAsync(workerStop.Token) ?? Task.CompletedTask;
        var argv = ServiceProcess.Argv();
        var (sysInit, stubFile) = ServiceProcess.InitSystem("controller");
        await using var status = StatusServer.Start(vars.StatusSocketPath, _ => Task.FromResult(new K0sStatus
        {
            Version = BuildInfo.Version,
            Pid = Environment.ProcessId,
            PPid = ServiceProcess.ParentPid,
            Role = "controller",
            SysInit = sysInit,
            StubFile = stubFile,
            Workloads = options.EnableWorker,
            SingleNode = options.Single,
            Args = argv,
            WorkerToAPIConnectionStatus = agent?.Connection ?? new ProbeStatus(),
            ClusterConfig = JsonSerializer.SerializeToNode(config, ConfigLoader.Json),
            K0sVars = RuntimeConfig.VarsNode(vars),
        }));
        await using var keepalived = config.Spec.Network.ControlPlaneLoadBalancing is { Enabled: true } cplb
            ? KeepalivedRunner.Start(vars, cplb.Keepalived ?? new KeepalivedSpec(), endpoints.Api)
            : null;

        await RenewLeasesAsync(new ControllerLeases(etcd), config.Spec.Api.Address!, keepalived, stop);

        Log.Info("Shutting down k0s controller", ("component", "controller"));
        context.Health.ShutDown();
        await workerStop.CancelAsync();
        await agentRun;
        await ReleaseLeaseAsync(new ControllerLeases(etcd), config.Spec.Api.Address!);
        RuntimeConfig.Remove(vars);
        return 0;
    }

    private static ClusterConfig LoadConfig(NodeOptions options, HostFacts host)
    {
        var config = ConfigDefaults.Apply(ConfigLoader.Load(options.ConfigPath), host, options.Single);
        var errors = ConfigValidator.Validate(config).ToList();
        var cplb = config.Spec.Network.ControlPlaneLoadBalancing;
        if (cplb is { Enabled: true } && options.Single)
        {
            errors.Add("control plane load balancing cannot be used in single node mode");
        }

        if (cplb is { Enabled: true, Keepalived.VirtualServers.Count: > 0 } && options.EnableWorker)
        {
            errors.Add("keepalived virtual servers are not supported on controller+worker nodes");
        }

        return errors.Count == 0 ? config : throw new CliException("invalid node config: " + string.Join('\n', errors));
    }

    private static async Task<CertificateAuthority> EnsureClusterCaAsync(NodeOptions options, PkiLayout pki, CancellationToken stop)
    {
        if (PkiLayout.Exists(pki.ClusterCa) || options.Token is null)
        {
            return ControllerPki.EnsureClusterCa(pki, null);
        }

        using var join = JoinClient.FromToken(options.Token);
        var ca = await JoinRetry.RunAsync("fetch the cluster CA", join.GetCaAsync, stop);
        Log.Info("got valid CA response", ("component", "controller"));
        return ControllerPki.EnsureClusterCa(pki, ca);
    }

    /// <summary>How etcd starts: a member of the existing cluster (joined now or before), or the first of a new one.</summary>
    private static async Task<EtcdServer.Bootstrap> EnsureEtcdPkiAsync(NodeOptions options, PkiLayout pki, HostFacts host, ClusterConfig config, CancellationToken stop)
    {
        var peerAddress = config.Spec.Storage.Etcd.PeerAddress!;
        var peerUrl = EtcdServer.PeerUrl(peerAddress);
        var alreadyMember = File.Exists(options.Vars.EtcdDatabasePath);
        if (alreadyMember || options.Token is null)
        {
            ControllerPki.EnsureEtcd(pki, null, host, peerAddress);
            // A member with data ignores the bootstrap flags; only a brand-new first member uses them.
            return new EtcdServer.Bootstrap([$"{host.Hostname}={peerUrl}"], Existing: false);
        }

        using var join = JoinClient.FromToken(options.Token);
        var response = await JoinRetry.RunAsync("join the etcd cluster", ct => join.JoinEtcdAsync(host.Hostname, peerUrl, ct), stop);
        Log.Info("joined etcd cluster", ("component", "controller"), ("initialCluster", string.Join(',', response.InitialCluster)));
        ControllerPki.EnsureEtcd(pki, response.Ca, host, peerAddress);
        return new EtcdServer.Bootstrap(response.InitialCluster, Existing: true);
    }

    private static async Task WaitForEtcdAsync(EtcdClient etcd, CancellationToken stop)
    {
        try
        {
            await EtcdServer.WaitUntilUpAsync(etcd, TimeSpan.FromSeconds(60), stop);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // Without quorum etcd never gets healthy; serve anyway, /readyz says why.
            Log.Warn("etcd is not healthy yet, starting the API anyway", ("component", "controller"));
        }
    }

    private static NodeAgent StartOwnNode(NodeOptions options, K0sVars vars, CertificateAuthority ca, HostFacts host, int apiPort)
    {
        if (!File.Exists(vars.KubeletAuthConfigPath))
        {
            var issued = ca.Issue(CertificateProfile.Client("system:node:" + host.NodeName, "system:nodes"));
            var kubeconfig = new Kubeconfig($"https://localhost:{apiPort}", ca.CertificatePem, "default-cluster", "default-context", "default-auth")
            {
                ClientCertificatePem = issued.CertificatePem,
                ClientKeyPem = issued.KeyPem,
                Namespace = "default",
            };
            PemFiles.Write(vars.KubeletAuthConfigPath, kubeconfig.Render(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var labels = new Dictionary<string, string>(options.LabelMap) { ["node-role.kubernetes.io/control-plane"] = "true" };
        var taints = options.NoTaints ? options.Taints : [.. options.Taints, "node-role.kubernetes.io/control-plane:NoSchedule"];
        var manifest = NodeFacts.Manifest(host, options.NodeIp, labels, taints);
        var client = KubeClient.From(Kubeconfig.Parse(File.ReadAllText(vars.KubeletAuthConfigPath)), TimeSpan.FromSeconds(10));
        return new NodeAgent(client, manifest, TimeProvider.System);
    }

    private static async Task RenewLeasesAsync(ControllerLeases leases, string address, KeepalivedRunner? keepalived, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(LeaseInterval);
        do
        {
            try
            {
                await leases.RenewAsync(address, DateTimeOffset.UtcNow, stop);
                keepalived?.UpdateRealServers(await leases.ActiveAsync(DateTimeOffset.UtcNow, stop));
            }
            catch (EtcdException e)
            {
                Log.Debug("lease renewal failed: " + e.Message, ("component", "controller"));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (await Tick(timer, stop));
    }

    private static async Task ReleaseLeaseAsync(ControllerLeases leases, string address)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await leases.ReleaseAsync(address, grace.Token);
        }
        catch (Exception e) when (e is EtcdException or OperationCanceledException)
        {
            // Without quorum the lease simply expires.
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
