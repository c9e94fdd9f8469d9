using HaCluster.Backup;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Operations;

/// <summary>
/// `hactl backup`: `k0s backup` on a healthy controller, streamed to a checked 0600 file on this machine. Only the
/// controllers are contacted, any of which may be down. It takes no lock: it changes nothing on the hosts (k0s writes
/// only its own temp dir), so it may run beside status, kubeconfig or even apply, as k0s allows.
/// </summary>
public static class BackupOperation
{
    public const string Name = "backup";

    public static Operation<TakenBackup> Create(ITransport transport, BackupDestination destination) =>
        Operation.Compose(Name)
            .Then(new ConnectTolerantPhase(transport, c => c.Controllers, _ => true))
            .Then(new GatherFactsPhase<RunStart>())
            .Then(new ChooseBackupControllerPhase())
            .Then(new TakeBackupPhase(destination))
            .Finally(backup => backup, new DisconnectPhase());
}
