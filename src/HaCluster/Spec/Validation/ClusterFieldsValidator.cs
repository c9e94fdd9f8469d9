namespace HaCluster.Spec.Validation;

/// <summary>Cluster-wide fields outside hosts and the load balancer: the name and k0sctl's spec.options.</summary>
internal sealed class ClusterFieldsValidator : ISpecValidator
{
    private static readonly string[] TaintEffects = ["NoExecute", "NoSchedule", "PreferNoSchedule"];

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Spec.Metadata.Name;
        if (!Addresses.IsHostName(name) || name.Any(char.IsAsciiLetterUpper))
        {
            context.Error("metadata.name", $"'{name}' is not a valid cluster name (lower-case letters, digits, '-' and '.')");
        }
        var options = context.Spec.Options;
        foreach (var (field, value) in new[]
                 {
                     ("drain.gracePeriod", options.Drain.GracePeriod),
                     ("drain.timeout", options.Drain.Timeout),
                     ("drain.skipWaitForDeleteTimeout", options.Drain.SkipWaitForDeleteTimeout),
                 })
        {
            if (!GoDuration.IsValid(value))
            {
                context.Error($"spec.options.{field}", $"'{value}' is not a duration such as 2m0s or 300s");
            }
        }
        foreach (var (field, value) in new[]
                 {
                     ("concurrency.limit", options.Concurrency.Limit),
                     ("concurrency.uploads", options.Concurrency.Uploads),
                 })
        {
            if (value < 1)
            {
                context.Error($"spec.options.{field}", $"must be at least 1, not {value}");
            }
        }
        if (options.Concurrency.WorkerDisruptionPercent is < 0 or > 100)
        {
            context.Error("spec.options.concurrency.workerDisruptionPercent", "must be a percentage, 0-100");
        }
        if (options.EvictTaint.Enabled)
        {
            if (!options.EvictTaint.Taint.Contains('=', StringComparison.Ordinal))
            {
                context.Error("spec.options.evictTaint.taint", "must be written key=value");
            }
            if (!TaintEffects.Contains(options.EvictTaint.Effect))
            {
                context.Error("spec.options.evictTaint.effect", $"must be one of {string.Join(", ", TaintEffects)}");
            }
        }
    }
}
