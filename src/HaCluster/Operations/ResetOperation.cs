using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>
/// `hactl reset --force`: tears the cluster down. k0s is stopped and reset on every host, and everything hactl put
/// on the hosts goes: k0s.yaml, token files, the k0s binary, the load balancer's configs, check script and sysctl
/// file; HAProxy and keepalived are stopped and disabled. Packages stay installed. Every host must be reachable, so
/// that a reset is never left half done without saying so.
/// </summary>
public static class ResetOperation
{
    public const string Name = "reset";

    public static Operation Create(ITransport transport)
    {
        var hostLock = new HostLock(Name);
        return ChangingPrelude.Begin(Name, opening => new ConnectPhase(transport, opening: opening), hostLock)
            .Then(new ResetK0sPhase())
            .Then(new ResetLoadBalancerPhase())
            .Finally(ChangingPrelude.Closing(hostLock));
    }
}
