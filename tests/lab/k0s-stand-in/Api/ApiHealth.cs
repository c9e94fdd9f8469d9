using System.Text;
using K0sStandIn.Etcd;

namespace K0sStandIn.Api;

/// <summary>
/// The API server's health checks. The etcd ones are real: a linearizable read through the local member, which
/// fails when the member is down or the cluster has lost its quorum.
/// </summary>
internal sealed class ApiHealth(EtcdClient etcd)
{
    private static readonly string[] PostStartHooks =
    [
        "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
        "poststarthook/start-system-namespaces-controller", "poststarthook/bootstrap-controller",
        "poststarthook/apiservice-registration-controller",
    ];

    private volatile bool _shuttingDown;

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
        try
        {
            await etcd.CheckQuorumAsync(ct);
            return null;
        }
        catch (EtcdException e)
        {
            return e.Message;
        }
    }
}
