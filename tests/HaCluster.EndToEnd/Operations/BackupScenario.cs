using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>One archive hactl wrote, as this machine sees it.</summary>
public sealed record BackupFileSeen(string Path, UnixFileMode Mode, IReadOnlyList<string> Entries, ProcessResult SnapshotStatus);

/// <summary>What <see cref="BackupScenario"/> saw at each step.</summary>
public sealed record BackupStory
{
    public required ProcessResult Apply { get; init; }
    public required ProcessResult JsonBackup { get; init; }
    public required IReadOnlyList<string> FilesAfterJsonBackup { get; init; }
    public required BackupFileSeen? JsonBackupFile { get; init; }
    public required string JsonBackupLog { get; init; }
    public required string AuthPass { get; init; }
    public required ProcessResult BackupWithH1Stopped { get; init; }
    public required BackupFileSeen? FileWithH1Stopped { get; init; }
    public required ProcessResult BackupOntoExistingFile { get; init; }
    public required byte[] ExistingBefore { get; init; }
    public required byte[] ExistingAfter { get; init; }
    public required ProcessResult BackupWithoutQuorum { get; init; }
    public required IReadOnlyList<string> FilesAfterBackupWithoutQuorum { get; init; }
}

/// <summary>
/// k0s's own keepalived (CPLB) on 3 controllers, applied; then `hactl backup -o json` into a directory, `hactl backup`
/// with h1 (the first controller of the config) stopped, a backup onto the file that one wrote, and one with h2
/// stopped too (h3 runs, but its etcd has lost its quorum); h1 and h2 are started again at the end. Told on
/// <see cref="RestoreScenario"/>'s lab (the same controllers, and a worker h4 a backup does not involve) from its
/// first apply, before the restore story (which runs it first if no backup test has: <see cref="CplbThenRestore"/>).
/// </summary>
public sealed class BackupScenario(RestoreScenario lab)
{
    private Lazy<Task<BackupStory>>? running;

    public Task<BackupStory> Story => (running ??= new Lazy<Task<BackupStory>>(RunStoryAsync)).Value;

    public string BackupDir => Path.Combine(lab.Dir, "backups");

    public LabHost Host(string name) => lab.Host(name);

    private async Task<BackupStory> RunStoryAsync()
    {
        var apply = Expect((await lab.Built).Apply, 0);

        Directory.CreateDirectory(BackupDir);
        var jsonLog = Path.Combine(lab.Dir, "backup-json.log");
        var jsonBackup = await Hactl.RunAsync(Hactl.ApplyTimeout,
            ["backup", "--config", lab.ClusterYamlPath, "--known-hosts", lab.KnownHostsPath, "--log-file", jsonLog, "--out", BackupDir, "--output", "json"]);
        var files = Directory.GetFiles(BackupDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var jsonFile = files.Count == 1 ? await SeeAsync(Path.Combine(BackupDir, files[0]), "first") : null;

        (await lab.ExecAsync("h1", "systemctl", "stop", "k0scontroller")).ThrowIfFailed();
        var second = Path.Combine(lab.Dir, "with-h1-stopped.tar.gz");
        var withH1Stopped = await lab.HactlAsync("backup", lab.ClusterYamlPath, "--out", second);
        var secondFile = File.Exists(second) ? await SeeAsync(second, "second") : null;

        var before = File.Exists(second) ? await File.ReadAllBytesAsync(second) : [];
        var ontoExisting = await lab.HactlAsync("backup", lab.ClusterYamlPath, "--out", second);
        var after = File.Exists(second) ? await File.ReadAllBytesAsync(second) : [];

        (await lab.ExecAsync("h2", "systemctl", "stop", "k0scontroller")).ThrowIfFailed();
        var noQuorumDir = Path.Combine(lab.Dir, "no-quorum");
        Directory.CreateDirectory(noQuorumDir);
        var withoutQuorum = await lab.HactlAsync("backup", lab.ClusterYamlPath, "--out", noQuorumDir, "--timeout", "30s");
        var filesWithoutQuorum = Directory.GetFileSystemEntries(noQuorumDir).Select(Path.GetFileName).OfType<string>().ToList();

        // The restore story goes on from the running cluster.
        foreach (var started in await Task.WhenAll(new[] { "h1", "h2" }.Select(h => lab.ExecAsync(h, "systemctl", "start", "k0scontroller"))))
        {
            started.ThrowIfFailed();
        }
        await Task.WhenAll(OutOfBand.WaitForApiAsync(lab, "h1"), OutOfBand.WaitForApiAsync(lab, "h2"));

        return new BackupStory
        {
            Apply = apply,
            JsonBackup = jsonBackup,
            FilesAfterJsonBackup = files,
            JsonBackupFile = jsonFile,
            JsonBackupLog = File.Exists(jsonLog) ? await File.ReadAllTextAsync(jsonLog) : "",
            AuthPass = Regex.Match(await File.ReadAllTextAsync(lab.ClusterYamlPath), "authPass: \"?([^\"\\s]+)").Groups[1].Value,
            BackupWithH1Stopped = withH1Stopped,
            FileWithH1Stopped = secondFile,
            BackupOntoExistingFile = ontoExisting,
            ExistingBefore = before,
            ExistingAfter = after,
            BackupWithoutQuorum = withoutQuorum,
            FilesAfterBackupWithoutQuorum = filesWithoutQuorum,
        };
    }

    /// <summary>The archive's mode and entries, and what this machine's etcdctl says of its snapshot.</summary>
    private async Task<BackupFileSeen> SeeAsync(string path, string name)
    {
        var entries = new List<string>();
        var snapshot = Path.Combine(lab.Dir, $"{name}-etcd-snapshot.db");
        await using (var file = File.OpenRead(path))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                entries.Add(entry.Name);
                if (entry.Name == "etcd-snapshot.db")
                {
                    await entry.ExtractToFileAsync(snapshot, overwrite: true);
                }
            }
        }
        var status = File.Exists(snapshot)
            ? await ProcessRunner.RunAsync("etcdctl", ["snapshot", "status", snapshot, "--write-out", "json"], TimeSpan.FromSeconds(30))
            : new ProcessResult("etcdctl snapshot status", -1, "", "no etcd-snapshot.db in the archive");
        return new BackupFileSeen(path, File.GetUnixFileMode(path), entries, status);
    }

    private static ProcessResult Expect(ProcessResult result, int exitCode) =>
        result.ExitCode == exitCode ? result : throw new LabException($"expected exit {exitCode}, got {result}");
}
