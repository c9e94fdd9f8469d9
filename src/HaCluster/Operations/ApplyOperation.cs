using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Operations;

/// <summary>`hactl apply`: the whole pipeline from the design, in order.</summary>
public static class ApplyOperation
{
    public const string Name = "apply";

    /// <summary>
    /// The apply pipeline; with <paramref name="fetchKubeconfig"/> it ends by reading the admin kubeconfig. The hosts it
    /// upgrades are counted in <paramref name="upgraded"/>, on every exit path. With <paramref name="restoreFrom"/> the
    /// archive is checked before anything changes and restored onto its controller before the cluster is initialized.
    /// </summary>
    public static Operation<ApplyResult> Create(ITransport transport, bool fetchKubeconfig = false, UpgradeTally? upgraded = null, string? restoreFrom = null)
    {
        var hostLock = new HostLock(Name);
        upgraded ??= new UpgradeTally();
        var restore = restoreFrom is null ? null : new RestoreSource(restoreFrom);
        var workerBinaries = new WorkerBinaries();
        var checkedHosts = ChangingPrelude.Begin(Name, opening => new ConnectPhase(transport, opening: opening), hostLock)
            .Then(new ValidateHostsPhase())
            .Then(new RegainQuorumPhase<OsDetected>())
            .Then(new PlanUpgradePhase<OsDetected>())
            .Then(new CheckEjectedControllersPhase());
        if (restore is not null)
        {
            checkedHosts = checkedHosts.Then(new CheckRestorePhase(restore));
        }
        var configured = checkedHosts
            .Then(new RunHooksPhase("apply", "before"))
            .Then(new RenderPhase())
            .Then(new ConfigureLoadBalancerPhase())
            .Then(new UploadK0sBinaryPhase(workerBinaries))
            .Then(new ConfigureK0sPhase())
            .Then(new CheckExternalLoadBalancerPhase());
        if (restore is not null)
        {
            configured = configured.Then(new RestoreBackupPhase(restore));
        }
        var applied = configured
            .Then(new InitializeClusterPhase())
            .Then(new UpgradeControllersPhase(upgraded))
            .Then(new JoinControllersPhase())
            .Then(new UpgradeWorkersPhase(upgraded))
            .Then(new JoinWorkersPhase(workerBinaries))
            .Then(new VerifyEtcdMembershipPhase())
            .Then(new RunHooksPhase("apply", "after"));
        var closing = ChangingPrelude.Closing(hostLock);
        return fetchKubeconfig
            ? applied.Then(new FetchKubeconfigPhase(null)).Finally(kubeconfig => new ApplyResult(kubeconfig), closing)
            : applied.Finally(_ => new ApplyResult(null), closing);
    }
}
