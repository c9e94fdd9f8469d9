using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Text;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// k0s backup's and k0s restore's refusals that need no running k0s, in the contract's order, run on this machine
/// (as root, with the data dir and status socket under a temp dir; "not root" through runuser as nobody).
/// </summary>
public sealed class BackupLocalTests : IDisposable
{
    private const string Yaml = "apiVersion: k0s.k0sproject.io/v1beta1\nkind: ClusterConfig\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("k0s-standin-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDir => Path.Combine(_dir, "data");

    private string Socket => Path.Combine(_dir, "status.sock");

    [Fact]
    public async Task Backup_has_no_config_flag()
    {
        var result = await K0sAsync("backup", "--config=/etc/k0s/k0s.yaml");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: unknown flag: --config\n");
    }

    [Fact]
    public async Task Backup_and_restore_refuse_to_run_as_anyone_but_root()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();

        var backup = await ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", binary, "backup", "--save-path=/tmp"], TimeSpan.FromSeconds(30));
        var restore = await ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", binary, "restore", "/tmp/none.tar.gz"], TimeSpan.FromSeconds(30));

        backup.ExitCode.Should().Be(1);
        backup.StdErr.Should().Be("Error: this command must be run as root\n");
        restore.ExitCode.Should().Be(1);
        restore.StdErr.Should().Be("Error: this command must be run as root\n");
    }

    [Fact]
    public async Task Backup_without_a_save_path_names_an_empty_directory()
    {
        var result = await K0sAsync("backup", $"--data-dir={DataDir}", $"--status-socket={Socket}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: the save-path directory () does not exist\n");
    }

    [Fact]
    public async Task Backup_to_a_missing_directory_names_it()
    {
        var missing = Path.Combine(_dir, "missing");

        var result = await K0sAsync("backup", $"--save-path={missing}", $"--data-dir={DataDir}", $"--status-socket={Socket}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: the save-path directory ({missing}) does not exist\n");
    }

    [Fact]
    public async Task Backup_without_the_data_dir_names_it()
    {
        var result = await K0sAsync("backup", $"--save-path={_dir}", $"--data-dir={DataDir}", $"--status-socket={Socket}");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: cannot find data-dir ({DataDir}). check your environment and/or command input and try again\n");
    }

    [Fact]
    public async Task Backup_when_k0s_is_not_running_cannot_detect_the_cluster_status()
    {
        Directory.CreateDirectory(DataDir);

        var result = await K0sAsync("backup", "--save-path", "-", $"--data-dir={DataDir}", $"--status-socket={Socket}");

        result.ExitCode.Should().Be(1);
        result.StdOut.Should().BeEmpty();
        result.StdErr.Should().Be(
            $"Error: unable to detect cluster status status: can't get \"status\" via \"{Socket}\": Get \"http://localhost/status\": dial unix {Socket}: connect: no such file or directory\n");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Restore_takes_exactly_one_argument(int count)
    {
        var result = await K0sAsync(["restore", .. Enumerable.Repeat("backup.tar.gz", count)]);

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: accepts 1 arg(s), received {count}\n");
    }

    [Fact]
    public async Task Restore_of_a_missing_file_names_it()
    {
        var missing = Path.Combine(_dir, "none.tar.gz");

        var result = await Restore(missing);

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: given file {missing} does not exist\n");
        Directory.Exists(DataDir).Should().BeFalse("the data dir is created only after the file check");
    }

    [Fact]
    public async Task Restore_creates_a_missing_data_dir_and_needs_the_etcd_snapshot()
    {
        var archive = Archive("nosnap.tar.gz", ("k0s.yaml", Yaml));

        var result = await Restore(archive);

        result.ExitCode.Should().Be(1);
        // Under $TMPDIR, as k0s's os.MkdirTemp: the suite sets its own.
        result.StdErr.Should().MatchRegex($"^Error: failed to restore on step `etcd`: etcd snapshot not found at {Regex.Escape(Path.GetTempPath().TrimEnd('/'))}/k0s-backup[^/]+/etcd-snapshot.db\n$");
        Directory.Exists(DataDir).Should().BeTrue();
        File.GetUnixFileMode(DataDir).Should().Be((UnixFileMode)0x1ED); // 0755
        Directory.EnumerateFileSystemEntries(DataDir).Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_refuses_an_entry_that_escapes_the_temp_dir()
    {
        var archive = Archive("evil.tar.gz", ("k0s.yaml", Yaml), ("../escaped", "x"));

        var result = await Restore(archive);

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: failed to unpack backup archive `{archive}`: ../escaped: illegal file path\n");
    }

    [Fact]
    public async Task Restore_of_something_that_is_not_gzip_fails_to_unpack()
    {
        var archive = Path.Combine(_dir, "plain.tar.gz");
        await File.WriteAllTextAsync(archive, "not an archive");

        var result = await Restore(archive);

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be($"Error: failed to unpack backup archive `{archive}`: gzip: invalid header\n");
    }

    [Fact]
    public async Task Restore_parses_the_archived_config_strictly()
    {
        var archive = Archive("badconfig.tar.gz", ("k0s.yaml", Yaml + "spec:\n  bogus: true\n"));

        var result = await Restore(archive);

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be(
            "Error: failed to parse backed-up configuration file, check the backup archive: error unmarshaling JSON: while decoding JSON: json: unknown field \"bogus\" (spec.bogus, line 4)\n");
    }

    [Fact]
    public async Task Restore_from_stdin_reads_the_archive_there()
    {
        var archive = Archive("stdin.tar.gz", ("../escaped", "x"));

        var result = await ProcessRunner.RunAsync("sh",
            ["-c", "\"$1\" restore --data-dir=\"$2\" --status-socket=\"$3\" - < \"$4\"", "sh", await StandInBinary.EnsurePublishedAsync(), DataDir, Socket, archive],
            TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error: failed to unpack backup archive `-`: ../escaped: illegal file path\n");
    }

    private Task<ProcessResult> Restore(string archive) => K0sAsync("restore", $"--data-dir={DataDir}", $"--status-socket={Socket}", archive);

    private string Archive(string name, params (string Name, string Content)[] entries)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        foreach (var (entryName, content) in entries)
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }

        return path;
    }

    private static async Task<ProcessResult> K0sAsync(params string[] args) =>
        await ProcessRunner.RunAsync(await StandInBinary.EnsurePublishedAsync(), args, TimeSpan.FromSeconds(30));
}
