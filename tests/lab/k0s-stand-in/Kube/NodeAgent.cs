using System.Text.Json.Nodes;
using K0sStandIn.Cli;
using K0sStandIn.Status;

namespace K0sStandIn.Kube;

/// <summary>
/// The kubelet's part the cluster can see: registers the node, then posts a Ready heartbeat every 10 s. When it
/// stops (SIGTERM) it posts NotReady at once; when it dies, the controllers see the heartbeat go stale.
/// </summary>
internal sealed class NodeAgent(KubeClient client, NodeManifest manifest, TimeProvider clock)
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    private readonly DateTimeOffset _readySince = clock.GetUtcNow();

    /// <summary>How the last call to the API went, for <c>k0s status</c>.</summary>
    public ProbeStatus Connection { get; private set; } = new() { Message = "not yet connected" };

    public async Task RunAsync(CancellationToken ct)
    {
        await RegisterAsync(ct);
        using var timer = new PeriodicTimer(HeartbeatInterval, clock);
        do
        {
            await HeartbeatAsync(ready: true, ct);
        }
        while (await Tick(timer, ct));

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await HeartbeatAsync(ready: false, grace.Token);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RegisterAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var node = manifest.Node();
            node["status"] = manifest.Status(clock.GetUtcNow(), _readySince, ready: true);
            var result = await CallAsync(() => client.PostAsync("/api/v1/nodes", node, ct));
            if (result is 201 or 409)
            {
                Log.Info(result == 201 ? "Successfully registered node" : "Node was previously registered", ("component", "kubelet"), ("node", manifest.Name));
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HeartbeatAsync(bool ready, CancellationToken ct)
    {
        var patch = new JsonObject { ["status"] = manifest.Status(clock.GetUtcNow(), _readySince, ready) };
        var code = await CallAsync(() => client.MergePatchAsync($"/api/v1/nodes/{manifest.Name}/status", patch, ct));
        if (code == 404)
        {
            Log.Warn("Error updating node status, will retry: nodes \"" + manifest.Name + "\" not found", ("component", "kubelet"));
        }
    }

    private async Task<int> CallAsync(Func<Task<(int Code, JsonNode? Body)>> call)
    {
        try
        {
            var (code, body) = await call();
            var success = code is >= 200 and < 300 or 409;
            Connection = new ProbeStatus { Success = success, Message = success ? "" : body?["message"]?.GetValue<string>() ?? $"HTTP {code}" };
            return code;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Connection = new ProbeStatus { Success = false, Message = e.Message };
            Log.Warn("node status update failed: " + e.Message, ("component", "kubelet"), ("server", client.Server));
            return 0;
        }
    }
}
