using System.Text;
using K0sStandIn.Etcd;

namespace K0sStandIn.Api;

/// <summary>
/// The API server's health checks. The etcd ones are real: a linearizable read through the local member, which
/// fails when the member is down or the cluster has lost its quorum. As kube-apiserver does (k8s.io/apiserver,
/// storage/storagebackend/factory/etcd3.go, newETCD3Check), the read runs at most once per half the 2 s health check
/// timeout; a check in between answers with the last read's result. Load balancers probing every controller every
/// second then cost etcd one read a second per controller, not one per probe.
/// </summary>
internal sealed class ApiHealth(EtcdClient etcd, TimeProvider clock)
{
    /// <summary>Half of kube-apiserver's default <c>--etcd-healthcheck-timeout</c> (2 s, the health client's limit).</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] PostStartHooks =
    [
        "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
        "poststarthook/start-system-namespaces-controller", "poststarthook/bootstrap-controller",
        "poststarthook/apiservice-registration-controller",
    ];

    private volatile bool _shuttingDown;
    private readonly Lock _probe = new();
    private long _lastProbe = long.MinValue;
    private string? _lastFailure = "etcd client connection not yet established";

    /// <summary>From now on readiness fails, so load balancers drain this server before it stops.</summary>
    public void ShutDown() => _shuttingDown = true;

    /// <summary>The check's HTTP status and body, as kube-apiserver writes /readyz, /livez and /healthz.</summary>
    public async Task<(int Code, string Body)> CheckAsync(string endpoint, bool verbose, CancellationToken ct)
    {
        var etcdFailure = await EtcdFailureAsync(ct);
        var checks = new List<(string Name, string? Failure)> { ("ping", null), ("log", null), ("etcd", etcdFailure) };
        if (endpoint == "readyz")
        {
            checks.Add(("etcd-readiness", etcdFailure));
            checks.Add(("informer-sync", null));
        }

        checks.AddRange(PostStartHooks.Select(h => (h, (string?)null)));
        if (endpoint == "readyz")
        {
            checks.Add(("shutdown", _shuttingDown ? "process is shutting down" : null));
        }

        var failed = checks.Any(c => c.Failure is not null);
        if (!failed && !verbose)
        {
            return (200, "ok");
        }

        var body = new StringBuilder();
        foreach (var (name, failure) in checks)
        {
            body.Append(failure is null ? $"[+]{name} ok\n" : $"[-]{name} failed: {failure}\n");
        }

        body.Append(failed ? $"{endpoint} check failed\n" : $"{endpoint} check passed\n");
        return (failed ? 500 : 200, body.ToString());
    }

    private async Task<string?> EtcdFailureAsync(CancellationToken ct)
    {
        lock (_probe)
        {
            var now = clock.GetTimestamp();
            if (_lastProbe != long.MinValue && clock.GetElapsedTime(_lastProbe, now) < ProbeInterval)
            {
                return _lastFailure;
            }

            _lastProbe = now;
        }

        string? failure;
        try
        {
            await etcd.CheckQuorumAsync(ct);
            failure = null;
        }
        catch (EtcdException e)
        {
            failure = e.Message;
        }

        lock (_probe)
        {
            _lastFailure = failure;
        }

        return failure;
    }
}
