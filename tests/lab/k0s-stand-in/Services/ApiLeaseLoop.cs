using K0sStandIn.Cli;
using K0sStandIn.Etcd;
using K0sStandIn.Keepalived;
using K0sStandIn.Kube;

namespace K0sStandIn.Services;

/// <summary>
/// While the controller runs: renews its API server lease every 10 s and keeps CPLB's virtual servers on the live
/// API servers; on the way out, releases the lease.
/// </summary>
internal static class ApiLeaseLoop
{
    private static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(ControllerLeases leases, string address, KeepalivedRunner? keepalived, CancellationToken stop)
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

    public static async Task ReleaseAsync(ControllerLeases leases, string address)
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
