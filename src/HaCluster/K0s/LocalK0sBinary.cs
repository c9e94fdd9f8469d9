using System.Collections.Concurrent;
using System.ComponentModel;
using System.Security.Cryptography;
using HaCluster.Remote;

namespace HaCluster.K0s;

/// <summary>
/// The k0s binary that uploadBinary sends from this machine (k0sBinaryPath): its hash, to tell whether a host holds it,
/// and its version, to plan the upgrade before anything is uploaded. Each is learnt once per file as it is now.
/// </summary>
public static class LocalK0sBinary
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<(string, long, DateTime), Lazy<Task<(string Hash, K0sVersion? Version)>>> Known = new();

    /// <summary>sha256 of the file, as the hosts' facts report theirs.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken) =>
        (await LearnAsync(path, cancellationToken)).Hash;

    /// <summary>
    /// What `k0s version` of the file prints, or null when the file does not run on this machine (a Linux binary on
    /// macOS or Windows, another architecture): the version then has to come from spec.k0s.version.
    /// </summary>
    public static async Task<K0sVersion?> VersionAsync(string path, CancellationToken cancellationToken) =>
        (await LearnAsync(path, cancellationToken)).Version;

    private static Task<(string Hash, K0sVersion? Version)> LearnAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        return Known.GetOrAdd(key, _ => new Lazy<Task<(string, K0sVersion?)>>(() => ReadAsync(file.FullName, cancellationToken))).Value;
    }

    private static async Task<(string Hash, K0sVersion? Version)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string hash;
        await using (var stream = File.OpenRead(path))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        return (hash, await RunVersionAsync(path, cancellationToken));
    }

    private static async Task<K0sVersion?> RunVersionAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VersionTimeout);
        try
        {
            var result = await ProcessRunner.RunAsync(path, ["version"], null, timeout.Token);
            return result.Succeeded ? K0sVersion.Parse(result.Stdout) : null;
        }
        catch (Win32Exception)
        {
            return null; // not executable here
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
