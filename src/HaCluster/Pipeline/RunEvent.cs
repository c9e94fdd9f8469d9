namespace HaCluster.Pipeline;

/// <summary>The kinds of events a run reports; their names are the stable "event" values of the JSON output.</summary>
public static class EventKinds
{
    public const string RunStarted = "run.started";
    public const string PhaseStarted = "phase.started";
    public const string PhaseFinished = "phase.finished";
    public const string PhaseSkipped = "phase.skipped";
    public const string HostAction = "host.action";
    public const string PlanItem = "plan.item";
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Error = "error";
    public const string RunFinished = "run.finished";
}

/// <summary>
/// One thing that happened in a run, flat so that every sink (text, JSON lines, log file) can render it and the
/// JSON schema stays simple. Fields a kind does not use are null and omitted from JSON.
/// </summary>
public sealed record RunEvent
{
    public required string Event { get; init; }
    public DateTimeOffset Time { get; init; }
    public string? Operation { get; init; }
    public string? Phase { get; init; }
    public string? Host { get; init; }
    public string? Action { get; init; }
    public string? Message { get; init; }
    /// <summary>For phase.finished, run.finished: "ok", "failed", "cancelled".</summary>
    public string? Status { get; init; }
    public double? DurationSeconds { get; init; }
    /// <summary>For run.finished: how many changes were made (or, in a dry run, are pending).</summary>
    public int? Changes { get; init; }
    public bool? DryRun { get; init; }
    /// <summary>For errors: the command that failed and what it printed on stderr (redacted).</summary>
    public string? Command { get; init; }
    public string? Stderr { get; init; }
    /// <summary>For a k0s upgrade's host.action and plan.item: the version the host ran and the one it runs after.</summary>
    public string? From { get; init; }
    public string? To { get; init; }
    /// <summary>For run.started: the transport most hosts use, "openssh" or "sshnet".</summary>
    public string? Transport { get; init; }
    /// <summary>For run.started: the hosts on the other transport, when the run uses both; null otherwise.</summary>
    public IReadOnlyList<string>? OtherTransportHosts { get; init; }
}

/// <summary>A change that moves a host from one k0s version to another; its events carry both.</summary>
public sealed record VersionChange(string From, string To);

/// <summary>Where events go. Implementations must be safe to call from several hosts' tasks at once.</summary>
public interface IEventSink
{
    void Emit(RunEvent runEvent);
}
