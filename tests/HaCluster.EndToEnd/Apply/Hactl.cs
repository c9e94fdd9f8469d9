// The lab and hactl are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace HaCluster.EndToEnd.Apply;

/// <summary>The real hactl, run as a separate process with no terminal, as CI runs it.</summary>
internal static class Hactl
{
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(10);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "hactl.dll");

    // In the suite hactl's ssh masters end with each run, as under CI, wherever CI itself runs the suite: a test leaves
    // nothing running on this machine. Only RunPersistingAsync lets them stay.
    public static Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] args) =>
        ProcessRunner.RunAsync("env", ["CI=true", "dotnet", Dll, .. args], timeout);

    /// <summary>hactl as an operator's shell runs it (no CI), its persisted ssh masters under RUNTIMEDIR/hactl.</summary>
    public static Task<ProcessResult> RunPersistingAsync(TimeSpan timeout, string runtimeDir, params string[] args) =>
        ProcessRunner.RunAsync("env", ["-u", "CI", $"XDG_RUNTIME_DIR={runtimeDir}", "dotnet", Dll, .. args], timeout);

    /// <summary>
    /// Starts hactl and returns at once, for tests that interrupt it or race it. SIGINT is reset to its default first
    /// (env execs dotnet, so the pid is hactl's): a shell that runs the suite in the background hands its children
    /// SIGINT ignored, and .NET keeps an ignored signal ignored, as a terminal program should.
    /// </summary>
    public static StartedProcess Start(params string[] args) => StartWith([], args);

    /// <summary>As <see cref="Start"/>, with more environment settings (NAME=value) for hactl.</summary>
    public static StartedProcess StartWith(IEnumerable<string> environment, params string[] args) =>
        ProcessRunner.Start("env", ["--default-signal=INT", "CI=true", .. environment, "dotnet", Dll, .. args]);
}
