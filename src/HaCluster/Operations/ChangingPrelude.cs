using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Operations;

/// <summary>How every operation that changes hosts begins and ends: connect, then OS, lock and facts in one round trip; release, disconnect.</summary>
internal static class ChangingPrelude
{
    public static OperationBuilder<GatheredCluster<OsDetected>> Begin(string name, Phase connect, HostLock hostLock) =>
        Operation.Compose(name)
            .Then(connect)
            .Then(new SurveyHostsPhase(hostLock));

    public static Phase[] Closing(HostLock hostLock) => [new ReleaseLockPhase(hostLock), new DisconnectPhase()];
}
