namespace HaCluster.Backup;

/// <summary>
/// A backup being received: a temp file beside the destination, created 0600 (the archive holds the cluster's CA keys),
/// checked with <see cref="BackupArchive"/>, then renamed into place without replacing anything. Disposed without
/// <see cref="Commit"/>, it removes the temp file, so a failed or interrupted backup leaves no file behind.
/// </summary>
public sealed class PendingBackup : IAsyncDisposable
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream stream;
    private bool committed;

    private PendingBackup(BackupDestination destination, string tempPath, FileStream stream)
    {
        Destination = destination;
        TempPath = tempPath;
        this.stream = stream;
    }

    public BackupDestination Destination { get; }

    /// <summary>The temp file: hidden, in the destination's directory so the rename is atomic.</summary>
    public string TempPath { get; }

    /// <summary>Where the archive's bytes go as they arrive.</summary>
    public Stream Content => stream;

    public static PendingBackup Create(BackupDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("a backup file is made private with Unix file modes");
        }
        var directory = Path.GetDirectoryName(destination.Path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(destination.Path)}.hactl-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            UnixCreateMode = Mode,
        });
        // The umask can only take bits away; set the mode exactly, before any byte is written.
        File.SetUnixFileMode(stream.SafeFileHandle, Mode);
        return new PendingBackup(destination, temp, stream);
    }

    /// <summary>How many bytes were received.</summary>
    public long Length => stream.Length;

    /// <summary>Why what was received is not a usable backup, or null (<see cref="BackupArchive.Problem"/>).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
        if (stream.Length == 0)
        {
            return "it is empty (0 bytes)";
        }
        stream.Position = 0;
        return BackupArchive.Problem(stream);
    }

    /// <summary>Renames the checked temp file to the destination; fails, removing the temp file, if the destination exists by now.</summary>
    public async Task CommitAsync()
    {
        await stream.DisposeAsync();
        // Not overwriting: on Linux a hard link then unlink, so a file that appeared since Resolve is never replaced.
        File.Move(TempPath, Destination.Path, overwrite: false);
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        if (!committed)
        {
            File.Delete(TempPath);
        }
    }
}
