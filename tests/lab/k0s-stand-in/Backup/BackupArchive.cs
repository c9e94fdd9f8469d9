using System.Formats.Tar;
using System.IO.Compression;

namespace K0sStandIn.Backup;

/// <summary>
/// k0s's backup archive (pkg/backup/util_unix.go, internal/pkg/archive): a gzip-compressed tar whose entries are
/// named relative to the data dir (other files by basename), with no "./" and every directory before its contents.
/// </summary>
internal static class BackupArchive
{
    /// <summary>What filepath.Walk visits under <paramref name="root"/>, in its order (lexical, depth-first); nothing if it is missing.</summary>
    public static IEnumerable<string> Walk(string root)
    {
        var info = new FileInfo(root);
        if (!info.Exists && !Directory.Exists(root))
        {
            return [];
        }

        return WalkExisting(root);
    }

    /// <summary>Writes the archive of <paramref name="paths"/> (files and directories, in that order) to <paramref name="output"/>.</summary>
    public static void Create(Stream output, IEnumerable<string> paths, string dataDir)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new IOException($"failed to add file to backup archive: failed to open file: open {path}: no such file or directory");
            }

            tar.WriteEntry(path, EntryName(path, dataDir));
        }
    }

    /// <summary>
    /// Unpacks into <paramref name="destination"/> as k0s's archive.Extract does: a name that would land outside it is
    /// <c>&lt;name&gt;: illegal file path</c>; directories are created with their parent already there.
    /// </summary>
    public static void Extract(Stream input, string destination)
    {
        var root = Path.GetFullPath(destination).TrimEnd('/') + "/";
        using var seekable = input.CanSeek ? null : new MemoryStream();
        if (seekable is not null)
        {
            input.CopyTo(seekable);
            seekable.Position = 0;
            input = seekable;
        }

        // Go's gzip.NewReader checks the magic first.
        Span<byte> magic = stackalloc byte[2];
        var start = input.Position;
        if (input.ReadAtLeast(magic, 2, throwOnEndOfStream: false) < 2)
        {
            throw new BackupException("EOF");
        }

        if (magic[0] != 0x1f || magic[1] != 0x8b)
        {
            throw new BackupException("gzip: invalid header");
        }

        input.Position = start;
        using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!target.StartsWith(root, StringComparison.Ordinal) || target.Length == root.Length)
            {
                throw new BackupException($"{entry.Name}: illegal file path");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!Directory.Exists(target))
                    {
                        if (!Directory.Exists(Path.GetDirectoryName(target.TrimEnd('/'))))
                        {
                            throw new BackupException($"mkdir {target.TrimEnd('/')}: no such file or directory");
                        }

                        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                    }

                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    using (var file = new FileStream(target, new FileStreamOptions
                    {
                        Mode = FileMode.Create,
                        Access = FileAccess.Write,
                        UnixCreateMode = entry.Mode & (UnixFileMode)0x1FF,
                    }))
                    {
                        entry.DataStream?.CopyTo(file);
                    }

                    break;
                default:
                    break; // k0s extracts directories and regular files only
            }
        }
    }

    private static IEnumerable<string> WalkExisting(string path)
    {
        yield return path;
        if (!Directory.Exists(path) || new DirectoryInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            yield break;
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
        {
            foreach (var visited in WalkExisting(child))
            {
                yield return visited;
            }
        }
    }

    private static string EntryName(string path, string dataDir)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(dataDir).TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.Ordinal) ? full[root.Length..] : Path.GetFileName(full);
    }
}

/// <summary>A backup or restore failure worded as k0s words it.</summary>
internal sealed class BackupException : Exception
{
    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public BackupException()
    {
    }
}
