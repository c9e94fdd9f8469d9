using System.IO.Compression;
using System.Text;
using HaCluster.Backup;

namespace HaCluster.Tests.Backup;

/// <summary>What makes an archive a backup hactl keeps: gzip tar read to its end, with the snapshot, the CA and k0s.yaml.</summary>
public class BackupArchiveTests
{
    [Fact]
    public void An_archive_laid_out_as_k0s_writes_it_is_a_backup()
    {
        BackupArchive.Problem(new MemoryStream(Archives.Backup())).Should().BeNull();
    }

    [Fact]
    public void Entry_names_with_a_dot_slash_prefix_count_too()
    {
        BackupArchive.Problem(new MemoryStream(Archives.Backup("./etcd-snapshot.db", "./pki/ca.crt", "./k0s.yaml"))).Should().BeNull();
    }

    [Fact]
    public void Every_missing_entry_is_named()
    {
        BackupArchive.Problem(new MemoryStream(Archives.Backup("etcd-snapshot.db", "pki/", "pki/ca.key")))
            .Should().Be("it lacks pki/ca.crt, k0s.yaml");
    }

    [Fact]
    public void A_directory_is_not_the_file_it_is_named_after()
    {
        BackupArchive.Problem(new MemoryStream(Archives.Backup("etcd-snapshot.db", "pki/ca.crt", "k0s.yaml/")))
            .Should().Be("it lacks k0s.yaml");
    }

    [Fact]
    public void What_k0s_prints_on_an_error_is_not_an_archive()
    {
        BackupArchive.Problem(new MemoryStream(Encoding.UTF8.GetBytes("Error: failed to create backup on step `etcd`: context deadline exceeded\n")))
            .Should().StartWith("it is not a complete gzip-compressed tar archive");
    }

    [Fact]
    public void A_truncated_archive_is_not_a_backup_even_when_the_entries_came_through()
    {
        var whole = Archives.Backup();

        BackupArchive.Problem(new MemoryStream(whole[..(whole.Length - 6)])).Should().StartWith("it is not a complete gzip-compressed tar archive");
    }

    [Fact]
    public void An_archive_cut_in_the_middle_is_not_a_backup()
    {
        var whole = Archives.Backup();

        BackupArchive.Problem(new MemoryStream(whole[..(whole.Length / 2)])).Should().StartWith("it is not a complete gzip-compressed tar archive");
    }

    [Fact]
    public void Gzipped_text_that_is_no_tar_is_not_a_backup()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(new string('x', 2000)));
        }

        BackupArchive.Problem(new MemoryStream(buffer.ToArray())).Should().NotBeNull();
    }
}
