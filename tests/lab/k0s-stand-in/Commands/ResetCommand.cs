using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Install;
using K0sStandIn.Status;

namespace K0sStandIn.Commands;

/// <summary>
/// <c>k0s reset</c>: removes the units, the data dir, the run dir and k0s's CNI files, and nothing else
/// (/etc/k0s, the binary and the etcd membership stay). Refused while k0s runs.
/// </summary>
internal static class ResetCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile,
        [new("cri-socket", FlagKind.String), new("kubelet-root-dir", FlagKind.String)]);

    private static readonly string[] CniLeftovers =
    [
        "/etc/cni/net.d/10-calico.conflist",
        "/etc/cni/net.d/calico-kubeconfig",
        "/etc/cni/net.d/10-kuberouter.conflist",
    ];

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        CommandContext.RequireRoot();
        var vars = K0sVars.For(args.String("data-dir"), args.String("status-socket"));
        if (ProcessLock.IsHeld(vars.LockPath) || await StatusClient.IsRunningAsync(vars.StatusSocketPath, CancellationToken.None))
        {
            throw new CliException("another k0s process is still running, please stop k0s before reset");
        }

        var unitsRemoved = false;
        foreach (var role in new[] { "controller", "worker" })
        {
            var unit = SystemdUnit.PathFor(role);
            if (File.Exists(unit))
            {
                Log.Info($"Uninstalling {SystemdUnit.ServiceName(role)} service");
                TryRun("disable", SystemdUnit.ServiceName(role) + ".service");
                File.Delete(unit);
                unitsRemoved = true;
            }
        }

        if (unitsRemoved)
        {
            TryRun("daemon-reload");
        }

        Remove(vars.DataDir);
        Remove(vars.RunDir);
        foreach (var leftover in CniLeftovers.Where(File.Exists))
        {
            File.Delete(leftover);
        }

        Log.Info("k0s cleanup operations done.");
        Log.Warn("To ensure a full reset, a node reboot is recommended.");
        return 0;
    }

    /// <summary>Removes a directory's contents, then the directory unless it is a mount point (it stays, empty).</summary>
    private static void Remove(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        Log.Debug("removing " + directory);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo child && !child.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                child.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            Log.Debug(directory + " is a mount point, left empty");
        }
    }

    private static void TryRun(params string[] arguments)
    {
        try
        {
            Systemctl.Run(arguments);
        }
        catch (Exception e) when (e is CliException or System.ComponentModel.Win32Exception)
        {
            Log.Warn(e.Message);
        }
    }
}
