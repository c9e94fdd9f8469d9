using K0sStandIn.Config;
using K0sStandIn.Etcd;

namespace K0sStandIn.Commands;

/// <summary>
/// One-shot commands talk to this controller's own etcd with the API server's client certificate. Like k0s's etcd
/// client, a call waits for etcd to come up rather than failing: callers bound it with a timeout.
/// </summary>
internal static class LocalEtcd
{
    public static EtcdClient Open(K0sVars vars) => EtcdClient.Local(vars, TimeSpan.FromSeconds(10));

    public static async Task<T> CallAsync<T>(K0sVars vars, Func<EtcdClient, Task<T>> call)
    {
        using var etcd = Open(vars);
        while (true)
        {
            try
            {
                return await call(etcd);
            }
            catch (EtcdException e) when (e.InnerException is HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
