using System.Globalization;

namespace HaCluster.Backup;

/// <summary>
/// Where a backup goes on this machine: <c>&lt;cluster&gt;-&lt;UTC time&gt;.tar.gz</c> in the current directory, or
/// what <c>--out</c> names (a file, or an existing directory to hold the default name). An existing file is never
/// overwritten: a backup holds the cluster's keys, and silently replacing one may destroy the only good copy.
/// </summary>
public sealed record BackupDestination(string Path)
{
    /// <summary><c>prod-20261122T120000Z.tar.gz</c>: sortable, UTC, and free of characters shells or Windows dislike.</summary>
    public static string DefaultName(string cluster, DateTimeOffset now) =>
        $"{cluster}-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.tar.gz";

    /// <summary>The destination, or why there can be none (the reason names the path); nothing is created.</summary>
    public static (BackupDestination? Destination, string? Error) Resolve(string? output, string cluster, DateTimeOffset now, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(currentDirectory);
        var name = DefaultName(cluster, now);
        string path;
        if (string.IsNullOrEmpty(output))
        {
            path = System.IO.Path.Combine(currentDirectory, name);
        }
        else
        {
            var full = System.IO.Path.GetFullPath(output, currentDirectory);
            if (Directory.Exists(full))
            {
                path = System.IO.Path.Combine(full, name);
            }
            else if (output.EndsWith('/'))
            {
                return (null, $"--out {output}: no such directory");
            }
            else
            {
                path = full;
            }
        }
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return (null, $"--out {output}: the directory {directory} does not exist");
        }
        if (File.Exists(path) || Directory.Exists(path))
        {
            return (null, $"{path} already exists; hactl never overwrites a backup: move it away or name another file with --out");
        }
        return (new BackupDestination(path), null);
    }
}
