namespace HaCluster.Pipeline;

/// <summary>Marks a host that could not be reached when the operation tolerates that (e.g. a dead controller being ejected).</summary>
public sealed record Unreachable(string Reason);
