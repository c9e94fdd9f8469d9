using HaCluster.Model;

namespace HaCluster.Spec;

/// <summary>The outcome of loading a config: a valid spec with its model, or the errors; warnings either way.</summary>
public sealed record SpecLoadResult
{
    public SpecDocument? Document { get; init; }
    /// <summary>Set only when there are no errors.</summary>
    public ClusterModel? Model { get; init; }
    public IReadOnlyList<SpecError> Errors { get; init; } = [];
    public IReadOnlyList<SpecError> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0 && Model is not null;
}
