using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Kube;
using K0sStandIn.Status;

namespace K0sStandIn.Services;

/// <summary>
/// <c>k0s worker</c>: bootstraps kubelet.conf from its join token, registers a Ready node named after the
/// lower-cased hostname and heartbeats until SIGTERM. There is no kubelet, container runtime or CNI behind it.
/// </summary>
internal static class WorkerService
{
    public static async Task<int> RunAsync(NodeOptions options, CancellationToken stop)
    {
        var vars = options.Vars;
        var host = HostFacts.Detect();
        Log.Info($"k0s {BuildInfo.Version} stand-in for the hactl lab (not real k0s) starting worker", ("pid", Environment.ProcessId));
        using var running = ProcessLock.TryAcquire(vars.LockPath)
            ?? throw new CliException("another k0s process is already running");
        RuntimeConfig.Write(vars, null);
        NodeAgent? agent = null;
        var baseStatus = ServiceStatus.Create("worker", vars) with { Workloads = true };
        await using var status = StatusServer.Start(vars.StatusSocketPath, _ => Task.FromResult(baseStatus with
        {
            WorkerToAPIConnectionStatus = agent?.Connection ?? new ProbeStatus { Message = "kubelet is bootstrapping" },
        }));

        try
        {
            var kubeconfig = await KubeletBootstrap.EnsureAsync(vars, options.Token, host.NodeName, stop);
            using var client = KubeClient.From(kubeconfig, TimeSpan.FromSeconds(10));
            agent = new NodeAgent(client, NodeFacts.Manifest(host, options.NodeIp, options.LabelMap, options.Taints), TimeProvider.System);
            await agent.RunAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while bootstrapping.
        }

        Log.Info("Shutting down k0s worker", ("component", "worker"));
        RuntimeConfig.Remove(vars);
        return 0;
    }
}
