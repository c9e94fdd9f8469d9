using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>`hactl apply`: the whole pipeline from the design, in order.</summary>
public static class ApplyOperation
{
    public const string Name = "apply";

    /// <summary>The apply pipeline; with <paramref name="fetchKubeconfig"/> it ends by reading the admin kubeconfig.</summary>
    public static Operation Create(ITransport transport, bool fetchKubeconfig = false)
    {
        var hostLock = new HostLock(Name);
        return new Operation(Name,
        [
            new ConnectPhase(transport),
            new DetectOsPhase(),
            new AcquireLockPhase(hostLock),
            new GatherFactsPhase(),
            new ValidateHostsPhase(),
            new CheckEjectedControllersPhase(),
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
            .. fetchKubeconfig ? [new FetchKubeconfigPhase(null)] : Array.Empty<Phase>(),
        ],
        [
            new ReleaseLockPhase(hostLock),
            new DisconnectPhase(),
        ]);
    }
}
