using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Operations;

/// <summary>How every operation that changes hosts begins and ends: connect, then OS, lock and facts in one round trip; release, disconnect.</summary>
internal static class ChangingPrelude
{
    /// <param name="connect">The connecting phase, given the survey's opening: the survey's command rides on the connection.</param>
    public static OperationBuilder<GatheredCluster<OsDetected>> Begin(string name, Func<IHostOpening, Phase> connect, HostLock hostLock)
    {
        ArgumentNullException.ThrowIfNull(connect);
        var survey = new SurveyHostsPhase(hostLock);
        return Operation.Compose(name)
            .Then(connect(survey))
            .Then(survey);
    }

    public static Phase[] Closing(HostLock hostLock) => [new ReleaseLockPhase(hostLock), new DisconnectPhase()];
}
