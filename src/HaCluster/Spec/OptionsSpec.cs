namespace HaCluster.Spec;

/// <summary>k0sctl's spec.options; durations are Go duration strings such as "2m0s".</summary>
public sealed record OptionsSpec
{
    public bool WaitEnabled { get; init; } = true;
    public DrainOptionsSpec Drain { get; init; } = new();
    public ConcurrencyOptionsSpec Concurrency { get; init; } = new();
    public EvictTaintOptionsSpec EvictTaint { get; init; } = new();
}

public sealed record DrainOptionsSpec
{
    public bool Enabled { get; init; } = true;
    public string GracePeriod { get; init; } = "120s";
    public string Timeout { get; init; } = "300s";
    public bool Force { get; init; } = true;
    public bool IgnoreDaemonSets { get; init; } = true;
    public bool DeleteEmptyDirData { get; init; } = true;
    public string? PodSelector { get; init; }
    public string SkipWaitForDeleteTimeout { get; init; } = "0s";
}

public sealed record ConcurrencyOptionsSpec
{
    public int Limit { get; init; } = 30;
    public int WorkerDisruptionPercent { get; init; } = 10;
    public int Uploads { get; init; } = 5;
}

public sealed record EvictTaintOptionsSpec
{
    public bool Enabled { get; init; }
    public string Taint { get; init; } = "k0sctl.k0sproject.io/evict=true";
    public string Effect { get; init; } = "NoExecute";
    public bool ControllerWorkers { get; init; }
}
