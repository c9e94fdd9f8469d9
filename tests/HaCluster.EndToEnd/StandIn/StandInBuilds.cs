using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// The stand-in published as a given k0s release (<c>-p:StandInVersion=…</c>), for upgrade tests: each version once
/// per test run into artifacts/k0s-stand-in-versions/&lt;version&gt;/k0s, republished when the stand-in's sources are
/// newer than that binary. Every publish of the stand-in (the default one in <see cref="StandInBinary"/> too) goes
/// through one gate: they share the project's obj/, so two at once would mix their builds.
/// </summary>
internal static partial class StandInBuilds
{
    /// <summary>The release the stand-in answers as when published without a version (K0sStandIn.csproj).</summary>
    public const string DefaultVersion = "v1.33.4+k0s.0";

    private static readonly SemaphoreSlim PublishGate = new(1, 1);
    private static readonly ConcurrentDictionary<string, string> Published = new(StringComparer.Ordinal);

    /// <summary>
    /// The path of the stand-in built as <paramref name="version"/> (<c>v1.34.1+k0s.0</c>), published if needed.
    /// The default version is the ordinary artifact, artifacts/k0s-stand-in/k0s.
    /// </summary>
    public static Task<string> PathOfAsync(string version)
    {
        if (!K0sVersion().IsMatch(version))
        {
            throw new ArgumentException($"not a k0s release: {version} (expected vMAJOR.MINOR.PATCH[-pre]+k0s.N)", nameof(version));
        }

        return version == DefaultVersion
            ? StandInBinary.EnsurePublishedAsync()
            : PublishOnceAsync(version, Path.Combine(Repository.Root, "artifacts", "k0s-stand-in-versions", version), version);
    }

    /// <summary>Publishes into <paramref name="output"/> (null version: the project's default) unless it is current.</summary>
    internal static async Task<string> PublishOnceAsync(string key, string output, string? version)
    {
        if (Published.TryGetValue(key, out var done))
        {
            return done;
        }

        await PublishGate.WaitAsync();
        try
        {
            if (!Published.TryGetValue(key, out done))
            {
                done = await PublishIfStaleAsync(output, version ?? DefaultVersion, version is null ? [] : [$"-p:StandInVersion={version}"]);
                Published[key] = done;
            }

            return done;
        }
        finally
        {
            PublishGate.Release();
        }
    }

    /// <summary>
    /// Runs <c>dotnet publish</c> of the stand-in with <paramref name="properties"/> into <paramref name="output"/>
    /// (behind the gate, for callers that want a failing publish, e.g. a bad version).
    /// </summary>
    internal static async Task<ProcessResult> PublishAsync(string output, params string[] properties)
    {
        await PublishGate.WaitAsync();
        try
        {
            return await RunPublishAsync(output, properties);
        }
        finally
        {
            PublishGate.Release();
        }
    }

    private static async Task<string> PublishIfStaleAsync(string output, string version, string[] properties)
    {
        var project = ProjectDirectory;
        var binary = Path.Combine(output, "k0s");
        var newestSource = Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < newestSource || await VersionOfAsync(binary) != version)
        {
            (await RunPublishAsync(output, properties)).ThrowIfFailed();
            File.SetLastWriteTimeUtc(binary, DateTime.UtcNow);
            var built = await VersionOfAsync(binary);
            if (built != version)
            {
                throw new InvalidOperationException($"published {binary} as {version}, but it says {built}");
            }
        }

        return binary;
    }

    // A publish elsewhere than the default artifact builds in its own obj/ and bin/: MSBuild's incremental clean deletes
    // what an earlier build in the same obj/ wrote and this one does not, and that was the default artifact itself.
    private static Task<ProcessResult> RunPublishAsync(string output, string[] properties)
    {
        string[] separate = Path.GetFullPath(output) == DefaultOutput ? [] :
        [
            $"-p:IntermediateOutputPath={Path.Combine(ProjectDirectory, "obj", "other-builds", Key(output))}/",
            $"-p:OutputPath={Path.Combine(ProjectDirectory, "bin", "other-builds", Key(output))}/",
        ];
        return ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(ProjectDirectory, "K0sStandIn.csproj"), "-c", "Release", .. properties, .. separate, "-o", output, "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(5));
    }

    private static string DefaultOutput => Path.Combine(Repository.Root, "artifacts", "k0s-stand-in");

    private static string Key(string output) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(output))))[..12];

    private static async Task<string> VersionOfAsync(string binary) =>
        (await ProcessRunner.RunAsync(binary, ["version"], TimeSpan.FromSeconds(30))).StdOut.Trim();

    private static string ProjectDirectory => Path.Combine(Repository.Root, "tests", "lab", "k0s-stand-in");

    [GeneratedRegex(@"^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+k0s\.\d+$")]
    private static partial Regex K0sVersion();
}
