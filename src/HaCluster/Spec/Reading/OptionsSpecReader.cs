namespace HaCluster.Spec.Reading;

/// <summary>Reads k0sctl's spec.options so k0sctl files keep working; defaults are k0sctl's.</summary>
internal static class OptionsSpecReader
{
    public static OptionsSpec Read(MappingReader options)
    {
        var defaults = new OptionsSpec();
        return new OptionsSpec
        {
            WaitEnabled = options.Child("wait")?.ReadAll(wait => wait.Bool("enabled")) ?? defaults.WaitEnabled,
            Drain = options.Mapping("drain", ReadDrain) ?? defaults.Drain,
            Concurrency = options.Mapping("concurrency", ReadConcurrency) ?? defaults.Concurrency,
            EvictTaint = options.Mapping("evictTaint", ReadEvictTaint) ?? defaults.EvictTaint,
        };
    }

    private static DrainOptionsSpec ReadDrain(MappingReader drain)
    {
        var d = new DrainOptionsSpec();
        return new DrainOptionsSpec
        {
            Enabled = drain.Bool("enabled") ?? d.Enabled,
            GracePeriod = drain.String("gracePeriod") ?? d.GracePeriod,
            Timeout = drain.String("timeout") ?? d.Timeout,
            Force = drain.Bool("force") ?? d.Force,
            IgnoreDaemonSets = drain.Bool("ignoreDaemonSets") ?? d.IgnoreDaemonSets,
            DeleteEmptyDirData = drain.Bool("deleteEmptyDirData") ?? d.DeleteEmptyDirData,
            PodSelector = drain.String("podSelector"),
            SkipWaitForDeleteTimeout = drain.String("skipWaitForDeleteTimeout") ?? d.SkipWaitForDeleteTimeout,
        };
    }

    private static ConcurrencyOptionsSpec ReadConcurrency(MappingReader concurrency)
    {
        var d = new ConcurrencyOptionsSpec();
        return new ConcurrencyOptionsSpec
        {
            Limit = concurrency.Int("limit") ?? d.Limit,
            WorkerDisruptionPercent = concurrency.Int("workerDisruptionPercent") ?? d.WorkerDisruptionPercent,
            Uploads = concurrency.Int("uploads") ?? d.Uploads,
        };
    }

    private static EvictTaintOptionsSpec ReadEvictTaint(MappingReader evict)
    {
        var d = new EvictTaintOptionsSpec();
        return new EvictTaintOptionsSpec
        {
            Enabled = evict.Bool("enabled") ?? d.Enabled,
            Taint = evict.String("taint") ?? d.Taint,
            Effect = evict.String("effect") ?? d.Effect,
            ControllerWorkers = evict.Bool("controllerWorkers") ?? d.ControllerWorkers,
        };
    }
}
