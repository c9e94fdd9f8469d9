using System.Globalization;
using K0sStandIn.Backup;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;
using K0sStandIn.Status;

namespace K0sStandIn.Commands;

/// <summary>
/// <c>k0s restore [flags] &lt;file|-&gt;</c> (k0s cmd/restore, pkg/backup): with k0s down, unpacks a backup, re-creates
/// etcd from its snapshot as a new single-member cluster (named after this host, at the archived peerAddress),
/// merges pki/manifests/images/helmhome over the data dir and writes the archived k0s.yaml to --config-out.
/// </summary>
internal static class RestoreCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, [new("config-out", FlagKind.String)]);

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        if (args.Positionals.Count != 1)
        {
            throw new CliException($"accepts 1 arg(s), received {args.Positionals.Count}");
        }

        var verbose = VerboseLog.From(args);
        var archivePath = args.Positionals[0];
        if (!Environment.IsPrivilegedProcess)
        {
            throw new CliException("this command must be run as root");
        }

        var vars = K0sVars.For(args.String("data-dir"), args.String("status-socket"));
        if (await RunningPidAsync(vars.StatusSocketPath) is not (null or 0))
        {
            Console.Error.WriteLine(Log.Format(DateTimeOffset.Now, "fatal", "k0s seems to be running! k0s must be down during the restore operation.", []));
            return 1;
        }

        if (archivePath != "-" && !File.Exists(archivePath))
        {
            throw new CliException($"given file {archivePath} does not exist");
        }

        Directory.CreateDirectory(vars.DataDir, (UnixFileMode)0x1ED); // 0755
        var temporary = Directory.CreateTempSubdirectory("k0s-backup");
        try
        {
            try
            {
                using var input = archivePath == "-" ? Console.OpenStandardInput() : File.OpenRead(archivePath);
                BackupArchive.Extract(input, temporary.FullName);
            }
            catch (Exception e) when (e is BackupException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new CliException($"failed to unpack backup archive `{archivePath}`: {Unpacking(e)}", e);
            }

            var archivedConfig = Path.Combine(temporary.FullName, "k0s.yaml");
            ClusterConfig config;
            try
            {
                var yaml = File.Exists(archivedConfig)
                    ? await File.ReadAllTextAsync(archivedConfig)
                    : throw new ConfigException($"open {archivedConfig}: no such file or directory");
                config = ConfigDefaults.Apply(ConfigLoader.Parse(yaml), HostFacts.Detect(), singleNode: false);
            }
            catch (ConfigException e)
            {
                throw new CliException("failed to parse backed-up configuration file, check the backup archive: " + e.Message, e);
            }

            var configOut = args.String("config-out") is { Length: > 0 } given
                ? given
                : archivePath == "-" ? "-" : Path.Combine(Directory.GetCurrentDirectory(), DefaultConfigOut(archivePath));

            verbose.Info("Starting restore");
            var storage = config.Spec.Storage;
            if (storage.Type == "etcd" && storage.Etcd.ExternalCluster is null)
            {
                verbose.Info("Restore step: etcd");
                await Step("etcd", () => RestoreEtcdAsync(temporary.FullName, vars, storage.Etcd.PeerAddress!));
            }
            else if (storage.Type == "kine")
            {
                Log.Warn("non-sqlite kine backends are not supported by k0s restore, skipping");
            }

            foreach (var path in new[] { vars.CertRootDir, vars.ManifestsDir, vars.OCIBundleDir, vars.HelmHome, vars.HelmRepositoryConfig })
            {
                verbose.Info($"Restore step: filesystem path `{path}`");
                await Step($"filesystem path `{path}`", () =>
                {
                    var inArchive = Path.Combine(temporary.FullName, Path.GetRelativePath(vars.DataDir, path));
                    if (Directory.Exists(inArchive) || File.Exists(inArchive))
                    {
                        verbose.Info($"restoring from `{inArchive}` to `{vars.DataDir}`");
                        Merge(inArchive, path);
                    }

                    return Task.CompletedTask;
                });
            }

            verbose.Info("Restore step: k0s-config");
            await Step("k0s-config", async () =>
            {
                if (!File.Exists(archivedConfig))
                {
                    return;
                }

                if (configOut == "-")
                {
                    await using var stdout = Console.OpenStandardOutput();
                    await using var source = File.OpenRead(archivedConfig);
                    await source.CopyToAsync(stdout);
                    return;
                }

                verbose.Info($"restoring from `{archivedConfig}` to `{configOut}`");
                CopyFile(archivedConfig, configOut);
            });

            if (SavesPreviousConfigLine())
            {
                verbose.Info($"Previously used k0s.yaml saved under the data directory `{vars.DataDir}`");
            }

            return 0;
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
    }

    /// <summary>k0s_&lt;archive basename up to its first dot, minus "k0s_backup_"&gt;.yaml.</summary>
    private static string DefaultConfigOut(string archivePath)
    {
        var name = Path.GetFileName(archivePath);
        var stem = name.Split('.')[0];
        return "k0s_" + (stem.StartsWith("k0s_backup_", StringComparison.Ordinal) ? stem["k0s_backup_".Length..] : stem) + ".yaml";
    }

    private static async Task<int?> RunningPidAsync(string socket)
    {
        try
        {
            return (await StatusClient.GetAsync(socket, CancellationToken.None)).Pid;
        }
        catch (Exception e) when (e is StatusUnavailableException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// etcdutl snapshot restore as k0s calls it, through etcdctl 3.4: into &lt;data-dir&gt;/etcd, which must be missing or
    /// empty, as member &lt;hostname&gt; of a new one-member cluster at https://&lt;peerAddress&gt;:2380.
    /// </summary>
    private static async Task RestoreEtcdAsync(string unpacked, K0sVars vars, string peerAddress)
    {
        var snapshot = Path.Combine(unpacked, BackupCommand.SnapshotName);
        if (!File.Exists(snapshot))
        {
            throw new BackupException($"etcd snapshot not found at {snapshot}");
        }

        var dataDir = vars.EtcdDataDir;
        var notEmpty = new BackupException($"data-dir \"{dataDir}\" not empty or could not be read");
        if (Directory.Exists(dataDir))
        {
            // etcdutl accepts an empty data dir; etcdctl 3.4 refuses any existing one ("data-dir %q exists").
            if (Directory.EnumerateFileSystemEntries(dataDir).Any())
            {
                throw notEmpty;
            }

            Directory.Delete(dataDir);
        }
        else if (File.Exists(dataDir))
        {
            throw notEmpty;
        }

        var peerUrl = EtcdServer.PeerUrl(peerAddress);
        try
        {
            await Etcdctl.SnapshotRestoreAsync(snapshot, HostFacts.Detect().Hostname, peerUrl, dataDir);
        }
        catch (EtcdException e) when (e.Message.StartsWith("data-dir ", StringComparison.Ordinal) && e.Message.EndsWith(" exists", StringComparison.Ordinal))
        {
            throw notEmpty;
        }
    }

    private static async Task Step(string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is BackupException or EtcdException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"failed to restore on step `{name}`: {(e is IOException io ? GoErrors.Describe(io) : e.Message)}", e);
        }
    }

    /// <summary>otiai10/copy: directories merged recursively, files overwritten, modes kept.</summary>
    private static void Merge(string source, string target)
    {
        if (File.Exists(source))
        {
            CopyFile(source, target);
            return;
        }

        if (!Directory.Exists(target))
        {
            Directory.CreateDirectory(target, File.GetUnixFileMode(source));
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            Merge(entry, Path.Combine(target, Path.GetFileName(entry)));
        }
    }

    private static void CopyFile(string source, string target)
    {
        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }

    /// <summary>Up to v1.36.0 k0s restore also logs that the previous k0s.yaml was saved (commit 2746018c87 removed it).</summary>
    private static bool SavesPreviousConfigLine()
    {
        var parts = BuildInfo.Version.TrimStart('v').Split('+')[0].Split('-')[0].Split('.');
        return parts.Length >= 3
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var patch)
            && (major, minor, patch).CompareTo((1, 36, 1)) < 0;
    }

    private static string Unpacking(Exception e) => e switch
    {
        InvalidDataException or EndOfStreamException => "unexpected EOF",
        IOException io => GoErrors.Describe(io),
        _ => e.Message,
    };
}
