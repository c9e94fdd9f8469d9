using System.Globalization;
using K0sStandIn.Backup;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;
using K0sStandIn.Status;

namespace K0sStandIn.Commands;

/// <summary>
/// <c>k0s backup [--save-path DIR|-]</c> (k0s cmd/backup, pkg/backup): on a running controller, an etcd snapshot of
/// the local member, pki/manifests/images/helmhome and /etc/k0s/k0s.yaml in one gzip tar,
/// <c>k0s_backup_&lt;local time&gt;.tar.gz</c> in the save path or on stdout. Silent on success without -v.
/// </summary>
internal static class BackupCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, [new("save-path", FlagKind.String)]);

    public const string SnapshotName = "etcd-snapshot.db";

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var verbose = VerboseLog.From(args);

        // 1. The config: always /etc/k0s/k0s.yaml over the defaults (there is no --config).
        var config = ConfigDefaults.Apply(ConfigLoader.Load(null), HostFacts.Detect(), singleNode: false);
        if (config.Spec.Storage.Type == "etcd" && config.Spec.Storage.Etcd.ExternalCluster is not null)
        {
            throw new CliException("command 'k0s backup' does not support external etcd cluster");
        }

        // 2.-6. root, the save path, the data dir, a running k0s, a controller.
        if (!Environment.IsPrivilegedProcess)
        {
            throw new CliException("this command must be run as root");
        }

        var savePath = args.String("save-path") ?? "";
        if (savePath != "-" && !Directory.Exists(savePath))
        {
            throw new CliException($"the save-path directory ({savePath}) does not exist");
        }

        var vars = K0sVars.For(args.String("data-dir"), args.String("status-socket"));
        if (!Directory.Exists(vars.DataDir))
        {
            throw new CliException($"cannot find data-dir ({vars.DataDir}). check your environment and/or command input and try again");
        }

        K0sStatus status;
        try
        {
            status = await StatusClient.GetAsync(vars.StatusSocketPath, CancellationToken.None);
        }
        catch (StatusUnavailableException e)
        {
            throw new CliException("unable to detect cluster status " + e.Message, e);
        }

        if (!status.Role.Contains("controller", StringComparison.Ordinal))
        {
            throw new CliException($"backup command must be run on the controller node, have `{status.Role}`");
        }

        Log.Debug("detected role for backup operations: " + status.Role);

        // The steps (pkg/backup/manager_unix.go discoverSteps).
        var storage = config.Spec.Storage;
        var takeSnapshot = storage.Type == "etcd";
        if (storage.Type == "kine")
        {
            // The stand-in's kine is an etcd member, not SQLite: k0s skips kine backends it cannot copy.
            Log.Warn("non-sqlite kine backends are not supported by k0s backup, skipping");
        }

        string[] walked = [vars.CertRootDir, vars.ManifestsDir, vars.OCIBundleDir, vars.HelmHome, vars.HelmRepositoryConfig];
        foreach (var path in walked)
        {
            verbose.Info($"adding `{path}` path to the backup archive");
        }

        var temporary = Directory.CreateTempSubdirectory("k0s-backup");
        try
        {
            verbose.Info("Starting backup");
            var entries = new List<string>();
            if (takeSnapshot)
            {
                verbose.Info("Backup step: etcd");
                var snapshot = Path.Combine(temporary.FullName, SnapshotName);
                try
                {
                    await Etcdctl.SnapshotSaveAsync(vars, snapshot);
                }
                catch (EtcdException e)
                {
                    throw new CliException($"failed to create backup on step `etcd`: {e.Message}", e);
                }

                entries.Add(snapshot);
            }

            foreach (var path in walked)
            {
                verbose.Info($"Backup step: filesystem path `{path}`");
                entries.AddRange(BackupArchive.Walk(path));
            }

            verbose.Info("Backup step: k0s-config");
            entries.Add(ConfigLoader.DefaultPath);

            var name = "k0s_backup_" + DateTime.Now.ToString("yyyy-MM-dd'T'HH_mm_ss'_000Z'", CultureInfo.InvariantCulture) + ".tar.gz";
            var archive = Path.Combine(temporary.FullName, name);
            try
            {
                using var file = File.Create(archive);
                BackupArchive.Create(file, entries, vars.DataDir);
            }
            catch (IOException e)
            {
                throw new CliException($"failed to create archive `{name}`: error creating archive: {e.Message}", e);
            }

            if (savePath == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await using var source = File.OpenRead(archive);
                await source.CopyToAsync(stdout);
                return 0;
            }

            var destination = Path.Combine(savePath, name);
            CopyAtomically(archive, destination);
            verbose.Info($"archive {destination} created successfully");
            return 0;
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
    }

    /// <summary>Copies through a temporary file in the destination's directory and a rename, keeping the source's mode.</summary>
    private static void CopyAtomically(string source, string destination)
    {
        var partial = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(destination))!, "." + Path.GetFileName(destination) + ".tmp" + Environment.ProcessId);
        try
        {
            File.Copy(source, partial, overwrite: true);
            File.SetUnixFileMode(partial, File.GetUnixFileMode(source));
            File.Move(partial, destination, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}

/// <summary>
/// Short-lived commands log at warn unless -v (info) or -d (debug) is given (k0s internal/pkg/log InitLogging).
/// </summary>
internal sealed record VerboseLog(bool Enabled)
{
    public static VerboseLog From(ParsedArgs args)
    {
        Log.DebugEnabled = args.Bool("debug");
        return new VerboseLog(args.Bool("verbose") || args.Bool("debug"));
    }

    public void Info(string message)
    {
        if (Enabled)
        {
            Log.Info(message);
        }
    }
}
