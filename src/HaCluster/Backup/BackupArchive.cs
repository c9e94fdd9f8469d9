using System.Formats.Tar;
using System.IO.Compression;

namespace HaCluster.Backup;

/// <summary>
/// What makes an archive a k0s backup hactl vouches for (k0s-contract-lifecycle.md, section 1): it opens as a gzip
/// tar to its end (every entry and gzip's checksum read), and holds the etcd snapshot, the cluster CA and k0s.yaml.
/// </summary>
public static class BackupArchive
{
    public const string EtcdSnapshot = "etcd-snapshot.db";
    public const string ClusterCa = "pki/ca.crt";
    public const string K0sConfig = "k0s.yaml";

    /// <summary>The entries a backup must hold, as regular files, for a restore to bring the cluster back.</summary>
    public static readonly IReadOnlyList<string> RequiredEntries = [EtcdSnapshot, ClusterCa, K0sConfig];

    /// <summary>Why the archive is not a usable backup, or null when it is. Reads the stream to its end; never returns content.</summary>
    public static string? Problem(Stream archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        try
        {
            using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            using (var tar = new TarReader(gzip, leaveOpen: true))
            {
                while (tar.GetNextEntry(copyData: false) is { } entry)
                {
                    entries++;
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        files.Add(entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name);
                    }
                }
            }
            // What follows the tar's end blocks, to the gzip trailer: its CRC and length are checked only once read.
            gzip.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            return $"it is not a complete gzip-compressed tar archive ({e.Message})";
        }
        if (entries == 0)
        {
            return "it holds no entries";
        }
        var missing = RequiredEntries.Where(name => !files.Contains(name)).ToList();
        return missing.Count == 0 ? null : $"it lacks {string.Join(", ", missing)}";
    }
}
