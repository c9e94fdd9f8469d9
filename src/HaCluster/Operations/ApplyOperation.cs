using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>`hactl apply`: the whole pipeline from the design, in order.</summary>
public static class ApplyOperation
{
    public const string Name = "apply";

    public static Operation Create(ITransport transport)
    {
        var hostLock = new HostLock(Name);
        return new Operation(Name,
        [
            new ConnectPhase(transport),
            new DetectOsPhase(),
            new AcquireLockPhase(hostLock),
            new GatherFactsPhase(),
            new ValidateHostsPhase(),
            new RunHooksPhase("apply", "before"),
            new RenderPhase(),
            new ConfigureLoadBalancerPhase(),
            new UploadK0sBinaryPhase(),
            new ConfigureK0sPhase(),
            new CheckExternalLoadBalancerPhase(),
            new InitializeClusterPhase(),
            new JoinControllersPhase(),
            new JoinWorkersPhase(),
            new VerifyEtcdMembershipPhase(),
            new RunHooksPhase("apply", "after"),
        ],
        [
            new ReleaseLockPhase(hostLock),
            new DisconnectPhase(),
        ]);
    }
}
