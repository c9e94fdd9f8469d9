// The lab and hactl are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace HaCluster.EndToEnd.Apply;

/// <summary>The real hactl, run as a separate process with no terminal, as CI runs it.</summary>
internal static class Hactl
{
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(10);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "hactl.dll");

    public static Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout);

    /// <summary>Starts hactl and returns at once, for tests that interrupt it or race it.</summary>
    public static StartedProcess Start(params string[] args) => ProcessRunner.Start("dotnet", [Dll, .. args]);
}
