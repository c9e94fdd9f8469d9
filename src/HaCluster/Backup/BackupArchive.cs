using System.Formats.Tar;
using System.IO.Compression;

namespace HaCluster.Backup;

/// <summary>
/// What makes an archive a k0s backup hactl vouches for (k0s-contract-lifecycle.md, section 1): it opens as a gzip
/// tar to its end (every entry read, and gzip's trailer matching what was read), and holds the etcd snapshot, the cluster CA and k0s.yaml.
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
        var start = archive.CanSeek ? archive.Position : 0;
        try
        {
            using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            using var counted = new CountingStream(gzip);
            using (var tar = new TarReader(counted, leaveOpen: true))
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
            counted.CopyTo(Stream.Null);
            // .NET's GZipStream ends quietly at a cut: gzip's trailer (ISIZE, the length mod 2^32) tells a whole file from a truncated one.
            if (archive.CanSeek && !TrailerMatches(archive, start, counted.Count))
            {
                return "it is not a complete gzip-compressed tar archive (its gzip trailer does not match its content: truncated?)";
            }
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

    private static bool TrailerMatches(Stream archive, long start, long length)
    {
        if (archive.Length - start < 18)
        {
            return false;
        }
        Span<byte> size = stackalloc byte[4];
        archive.Position = archive.Length - 4;
        archive.ReadExactly(size);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size) == (uint)(length & 0xFFFFFFFF);
    }

    /// <summary>Reads through, counting the bytes read.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Count += read;
            return read;
        }
    }
}
