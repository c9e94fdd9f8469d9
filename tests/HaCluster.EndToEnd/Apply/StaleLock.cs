namespace HaCluster.EndToEnd.Apply;

/// <summary>hactl's host lock as <c>HostLock</c> writes it (src/HaCluster/Phases/HostLock.cs), as a run that died left it.</summary>
internal static class StaleLock
{
    public const string Path = "/run/lock/hactl";

    /// <summary>The holder file: the run's id, then who held it; from this machine, by a process that is gone.</summary>
    public static string Holder(int deadPid) =>
        $"{Guid.NewGuid():N}\napply by {Environment.UserName}@{Environment.MachineName} pid {deadPid} since {DateTimeOffset.UtcNow.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}\n";
}
