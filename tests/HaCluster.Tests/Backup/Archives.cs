using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace HaCluster.Tests.Backup;

/// <summary>gzip tar archives laid out as `k0s backup` writes them (directories first, names relative to the data dir).</summary>
internal static class Archives
{
    /// <summary>What a test key looks like: tests assert it never reaches an event.</summary>
    public const string KeyText = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFakeKeyMaterialForTests\n-----END EC PRIVATE KEY-----\n";

    public static readonly string[] K0sLayout = ["etcd-snapshot.db", "pki/", "pki/ca.crt", "pki/ca.key", "pki/etcd/", "pki/etcd/ca.crt", "k0s.yaml"];

    /// <summary>A backup with these entries (a trailing '/' makes a directory); files hold a line naming them, keys a fake key.</summary>
    public static byte[] Backup(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var name in entries.Length == 0 ? K0sLayout : entries)
            {
                if (name.EndsWith('/'))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name.TrimEnd('/')));
                    continue;
                }
                var content = name.EndsWith(".key", StringComparison.Ordinal) ? KeyText : $"content of {name}\n";
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A fresh empty directory under the temp dir, removed by the test's dispose.</summary>
    public static string TempDirectory() => Directory.CreateTempSubdirectory("hactl-backup-test-").FullName;
}
