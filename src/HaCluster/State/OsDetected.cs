using HaCluster.Hosts;
using HaCluster.Pipeline;

namespace HaCluster.State;

/// <summary>Each reached host's OS, as <c>SurveyHostsPhase</c> read it (every reached host runs a supported one).</summary>
public sealed record OsDetected(IReadOnlyDictionary<HostSession, OsInfo> Systems)
{
    public OsInfo Of(HostSession host) => Systems[host];
}
