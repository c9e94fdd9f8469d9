namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The published stand-in as the default release (artifacts/k0s-stand-in/k0s, v1.33.4+k0s.0), republished once per
/// test run when its sources are newer than the binary. Lab hosts see the machine's files through their overlay, so
/// they install it from there. Other releases: <see cref="StandInBuilds.PathOfAsync"/> (same publish gate).
/// </summary>
internal static class StandInBinary
{
    public static Task<string> EnsurePublishedAsync() =>
        StandInBuilds.PublishOnceAsync("", Path.Combine(Repository.Root, "artifacts", "k0s-stand-in"), version: null);
}
