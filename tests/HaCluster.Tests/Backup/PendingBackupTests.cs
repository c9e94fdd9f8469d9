using HaCluster.Backup;

namespace HaCluster.Tests.Backup;

/// <summary>The temp file a backup is received into: 0600 from its first byte, renamed without replacing, removed otherwise.</summary>
public sealed class PendingBackupTests : IDisposable
{
    private readonly string dir = Archives.TempDirectory();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private BackupDestination Destination => new(Path.Combine(dir, "prod.tar.gz"));

    [Fact]
    public async Task The_temp_file_is_hidden_beside_the_destination_and_0600_before_any_byte_arrives()
    {
        await using var pending = PendingBackup.Create(Destination);

        Path.GetDirectoryName(pending.TempPath).Should().Be(dir);
        Path.GetFileName(pending.TempPath).Should().StartWith(".prod.tar.gz.hactl-");
        File.GetUnixFileMode(pending.TempPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task A_checked_archive_is_committed_as_the_destination_with_mode_0600_and_nothing_else_left()
    {
        var archive = Archives.Backup();
        await using (var pending = PendingBackup.Create(Destination))
        {
            await pending.Content.WriteAsync(archive);
            (await pending.CheckAsync(CancellationToken.None)).Should().BeNull();
            await pending.CommitAsync();
        }

        Directory.GetFiles(dir).Should().Equal(Destination.Path);
        File.ReadAllBytes(Destination.Path).Should().Equal(archive);
        File.GetUnixFileMode(Destination.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task An_empty_reception_is_not_a_backup()
    {
        await using var pending = PendingBackup.Create(Destination);

        (await pending.CheckAsync(CancellationToken.None)).Should().Be("it is empty (0 bytes)");
    }

    [Fact]
    public async Task Without_commit_nothing_is_left()
    {
        await using (var pending = PendingBackup.Create(Destination))
        {
            await pending.Content.WriteAsync(Archives.Backup());
        }

        Directory.GetFileSystemEntries(dir).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_that_appeared_at_the_destination_meanwhile_is_not_replaced()
    {
        await using (var pending = PendingBackup.Create(Destination))
        {
            await pending.Content.WriteAsync(Archives.Backup());
            await File.WriteAllTextAsync(Destination.Path, "written by someone else");

            var commit = pending.CommitAsync;

            await commit.Should().ThrowAsync<IOException>();
        }

        File.ReadAllText(Destination.Path).Should().Be("written by someone else");
        Directory.GetFiles(dir).Should().Equal(Destination.Path);
    }
}
