using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;

namespace K0sStandIn.Commands;

/// <summary>One-shot commands talk to this controller's own etcd with the API server's client certificate.</summary>
internal static class LocalEtcd
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The local etcd's client for one-shot commands. It trusts only the cluster CA, yet .NET builds the chain of its client certificate against the
    /// system trust store, loading and parsing all of /etc/ssl/certs first: ~0.1 s of CPU on each one-shot command.
    /// Nothing these commands do trusts the system store, so OpenSSL is pointed at none (unless the caller chose one).
    /// Set before the first certificate is used; these commands start no child process that would inherit it.
    /// </summary>
    private static EtcdClient Open(K0sVars vars)
    {
        _ = Libc.SetEnv("SSL_CERT_FILE", "/dev/null", overwrite: 0);
        _ = Libc.SetEnv("SSL_CERT_DIR", "/nonexistent", overwrite: 0);
        return EtcdClient.Local(vars, TimeSpan.FromSeconds(10));
    }

    /// <summary>One call; fails at once when etcd cannot be reached (token commands without --wait).</summary>
    public static async Task<T> CallAsync<T>(K0sVars vars, Func<EtcdClient, Task<T>> call)
    {
        using var etcd = Open(vars);
        return await call(etcd);
    }

    /// <summary>
    /// Retries while etcd cannot be reached or does not answer in time, for at most <paramref name="limit"/>
    /// (forever when null): like k0s's etcd client (wait-for-ready, no deadline), <c>k0s etcd …</c> blocks while
    /// etcd is down or too slow to answer, so callers bound it with a timeout.
    /// </summary>
    public static async Task<T> CallWhenReachableAsync<T>(K0sVars vars, Func<EtcdClient, Task<T>> call, TimeSpan? limit = null)
    {
        using var etcd = Open(vars);
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
