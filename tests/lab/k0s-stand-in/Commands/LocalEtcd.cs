using K0sStandIn.Config;
using K0sStandIn.Etcd;

namespace K0sStandIn.Commands;

/// <summary>One-shot commands talk to this controller's own etcd with the API server's client certificate.</summary>
internal static class LocalEtcd
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>One call; fails at once when etcd cannot be reached (token commands without --wait).</summary>
    public static async Task<T> CallAsync<T>(K0sVars vars, Func<EtcdClient, Task<T>> call)
    {
        using var etcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(10));
        return await call(etcd);
    }

    /// <summary>
    /// Retries while etcd cannot be reached or does not answer in time, for at most <paramref name="limit"/>
    /// (forever when null): like k0s's etcd client (wait-for-ready, no deadline), <c>k0s etcd …</c> blocks while
    /// etcd is down or too slow to answer, so callers bound it with a timeout.
    /// </summary>
    public static async Task<T> CallWhenReachableAsync<T>(K0sVars vars, Func<EtcdClient, Task<T>> call, TimeSpan? limit = null)
    {
        using var etcd = EtcdClient.Local(vars, TimeSpan.FromSeconds(10));
        var deadline = limit is { } l ? DateTime.UtcNow + l : DateTime.MaxValue;
        while (true)
        {
            try
            {
                return await call(etcd);
            }
            catch (EtcdException e) when (e.InnerException is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay);
            }
        }
    }
}
