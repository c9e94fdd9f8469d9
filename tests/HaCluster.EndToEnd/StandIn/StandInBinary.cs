using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The published stand-in (artifacts/k0s-stand-in/k0s), republished once per test run when its sources are
/// newer than the binary. Lab hosts see the machine's files through their overlay, so they install it from there.
/// </summary>
internal static class StandInBinary
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _published;

    public static async Task<string> EnsurePublishedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _published ??= await PublishIfStaleAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> PublishIfStaleAsync()
    {
        var root = Repository.Root;
        var project = Path.Combine(root, "tests", "lab", "k0s-stand-in");
        var output = Path.Combine(root, "artifacts", "k0s-stand-in");
        var binary = Path.Combine(output, "k0s");
        var newestSource = Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= newestSource)
        {
            return binary;
        }

        (await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(project, "K0sStandIn.csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(5))).ThrowIfFailed();
        File.SetLastWriteTimeUtc(binary, DateTime.UtcNow);
        return binary;
    }
}
