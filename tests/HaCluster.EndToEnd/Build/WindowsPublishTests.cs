using System.Diagnostics;
using Xunit.Abstractions;

namespace HaCluster.EndToEnd.Build;

/// <summary>
/// hactl builds for Windows: <c>dotnet publish -r win-x64</c> of the CLI (ReadyToRun included) gives hactl.exe. It runs
/// on a copy of the sources, so the checkout's own bin/ and obj/ (which the other tests run from) stay untouched.
/// </summary>
public sealed class WindowsPublishTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Inputs = ["src", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"];

    private readonly string dir = Directory.CreateTempSubdirectory("hactl-win-publish-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task The_cli_publishes_for_windows_x64()
    {
        foreach (var input in Inputs)
        {
            Copy(Path.Combine(Repository.Root, input), Path.Combine(dir, input));
        }
        var published = Path.Combine(dir, "out");
        var clock = Stopwatch.StartNew();

        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(dir, "src", "HaCluster.Cli"), "-c", "Release", "-r", "win-x64", "-o", published, "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(10));

        output.WriteLine($"dotnet publish -r win-x64: {clock.Elapsed.TotalSeconds:0} s");
        result.Succeeded.Should().BeTrue(result.Failure);
        File.Exists(Path.Combine(published, "hactl.exe")).Should().BeTrue(result.Output);
    }

    // The sources without build output: a stale obj/ from another RID or configuration must not leak in.
    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            File.Copy(source, target);
            return;
        }
        Directory.CreateDirectory(target);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var name = Path.GetFileName(entry);
            if (Directory.Exists(entry) && name is "bin" or "obj")
            {
                continue;
            }
            Copy(entry, Path.Combine(target, name));
        }
    }
}
