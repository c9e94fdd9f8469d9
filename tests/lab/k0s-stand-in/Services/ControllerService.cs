using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using K0sStandIn.Api;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;
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
    public static async Task<int> RunAsync(NodeOptions options, CancellationToken stop)
    {
        var vars = options.Vars;
        var host = HostFacts.Detect();
        Log.Info($"k0s {BuildInfo.Version} stand-in for the hactl lab (not real k0s) starting controller", ("pid", Environment.ProcessId));
        using var running = ProcessLock.TryAcquire(vars.LockPath)
            ?? throw new CliException("another k0s process is already running");
        var config = ControllerSetup.LoadConfig(options, host);
        var pki = new PkiLayout(vars);
        using var clusterCa = await ControllerSetup.EnsureClusterCaAsync(options, pki, stop);
        var bootstrap = await ControllerSetup.EnsureEtcdPkiAsync(options, pki, host, config, stop);

        var peerAddress = config.Spec.Storage.Etcd.PeerAddress!;
        await using var etcdProcess = ChildProcess.Start("etcd", EtcdServer.Binary,
            EtcdServer.Arguments(vars, pki, host.Hostname, peerAddress, bootstrap, config.Spec.Storage.Etcd.ExtraArgs), vars.RunDir);
        using var etcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(10));
        await WaitForEtcdAsync(etcd, stop);

        var endpoints = ApiEndpoints.From(config);
        ControllerPki.IssueApiServer(pki, clusterCa, config, host);
        ControllerPki.EnsureAdminKubeconfig(vars, pki, clusterCa, endpoints.Api);
        using var healthEtcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(2));
        var context = new ApiContext(etcd, new NodeStore(etcd), new TokenStore(etcd), new ApiHealth(healthEtcd, TimeProvider.System), clusterCa, pki,
            $"{config.Spec.Api.Address}:{endpoints.Api}", TimeProvider.System);
        using var apiCertificate = X509Certificate2.CreateFromPemFile(pki.ApiServer + ".crt", pki.ApiServer + ".key");
        await using var api = await ApiServer.StartAsync(context, endpoints, apiCertificate, stop);
        RuntimeConfig.Write(vars, config);

        var agent = options.EnableWorker ? OwnNode.Start(options, vars, clusterCa, host, endpoints.Api) : null;
        using var workerStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var agentRun = agent?.RunAsync(workerStop.Token) ?? Task.CompletedTask;
        var baseStatus = ServiceStatus.Create("controller", vars) with
        {
            Workloads = options.EnableWorker,
            SingleNode = options.Single,
            ClusterConfig = JsonSerializer.SerializeToNode(config, Config.ClusterConfigJson.Default.ClusterConfig),
        };
        await using var status = StatusServer.Start(vars.StatusSocketPath, _ => Task.FromResult(baseStatus with
        {
            WorkerToAPIConnectionStatus = agent?.Connection ?? new ProbeStatus(),
        }));
        await using var keepalived = config.Spec.Network.ControlPlaneLoadBalancing is { Enabled: true } cplb
            ? KeepalivedRunner.Start(vars, cplb.Keepalived ?? new KeepalivedSpec(), endpoints.Api)
            : null;

        await ApiLeaseLoop.RunAsync(new ControllerLeases(etcd), config.Spec.Api.Address!, keepalived, stop);

        Log.Info("Shutting down k0s controller", ("component", "controller"));
        // The VIP goes first, while this API still answers: a backup takes it over at once and requests through
        // the VIP move with it. Only then does /readyz fail and do the listeners and etcd stop (in reverse order of
        // their start, by the usings). See docs/k0s-stand-in.md, "Stopping".
        if (keepalived is not null)
        {
            await keepalived.DisposeAsync();
        }

        context.Health.ShutDown();
        await workerStop.CancelAsync();
        await agentRun;
        await ApiLeaseLoop.ReleaseAsync(new ControllerLeases(etcd), config.Spec.Api.Address!);
        RuntimeConfig.Remove(vars);
        return 0;
    }

    private static async Task WaitForEtcdAsync(EtcdClient etcd, CancellationToken stop)
    {
        try
        {
            await EtcdServer.WaitUntilHealthyAsync(etcd, TimeSpan.FromSeconds(60), stop);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // Without quorum etcd never gets healthy; serve anyway, /readyz says why.
            Log.Warn("etcd is not healthy yet, starting the API anyway", ("component", "controller"));
        }
    }
}
