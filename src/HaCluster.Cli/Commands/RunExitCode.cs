using HaCluster.Pipeline;

namespace HaCluster.Cli.Commands;

/// <summary>How a run's outcome becomes an exit code, the same for every command that runs an operation.</summary>
internal static class RunExitCode
{
    public static int For(RunOutcome outcome, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            RunStatus.Cancelled => ExitCodes.Interrupted,
            RunStatus.Failed when outcome.Error is RefusedException => ExitCodes.Refused,
            RunStatus.Failed => ExitCodes.HostFailed,
            _ when dryRun && outcome.Changes > 0 => ExitCodes.ChangesPending,
            _ => ExitCodes.Ok,
        };
    }
}
