using K0sStandIn.Cli;
using K0sStandIn.Services;

namespace K0sStandIn.Commands;

/// <summary>Every k0s command the stand-in answers, with its flags.</summary>
internal static class CommandTable
{
    private static readonly FlagSpec[] ServiceControllerFlags = FlagSets.Of(FlagSets.Persistent, FlagSets.Controller, FlagSets.Worker);
    private static readonly FlagSpec[] ServiceWorkerFlags = FlagSets.Of(FlagSets.Persistent, FlagSets.Worker);

    public static readonly CommandSpec[] All =
    [
        new("version", "Print the k0s version", VersionCommand.Flags, VersionCommand.RunAsync),
        new("install controller", "Install k0s controller on a brand-new system", InstallCommand.ControllerFlags, a => InstallCommand.RunAsync("controller", a)),
        new("install server", "Install k0s controller on a brand-new system", InstallCommand.ControllerFlags, a => InstallCommand.RunAsync("controller", a)),
        new("install worker", "Install k0s worker on a brand-new system", InstallCommand.WorkerFlags, a => InstallCommand.RunAsync("worker", a)),
        new("controller", "Run controller", ServiceControllerFlags, a => RunServiceAsync(a, ControllerService.RunAsync)),
        new("server", "Run controller", ServiceControllerFlags, a => RunServiceAsync(a, ControllerService.RunAsync)),
        new("worker", "Run worker", ServiceWorkerFlags, a => RunServiceAsync(a, WorkerService.RunAsync)),
        new("status", "Get k0s instance status information", StatusCommand.Flags, StatusCommand.RunAsync),
        new("token create", "Create join token", TokenCommands.CreateFlags, TokenCommands.CreateAsync),
        new("token list", "List join tokens", TokenCommands.ListFlags, TokenCommands.ListAsync),
        new("token invalidate", "Invalidates existing join token", TokenCommands.InvalidateFlags, TokenCommands.InvalidateAsync),
        new("kubeconfig admin", "Display Admin's Kubeconfig file", KubeconfigAdminCommand.Flags, KubeconfigAdminCommand.RunAsync),
        new("etcd member-list", "List etcd cluster members (JSON encoded)", EtcdCommands.ListFlags, EtcdCommands.MemberListAsync),
        new("etcd leave", "Leave the etcd cluster, or remove a specific peer", EtcdCommands.LeaveFlags, EtcdCommands.LeaveAsync),
        new("backup", "Back-Up k0s configuration. Must be run as root (or with sudo)", BackupCommand.Flags, BackupCommand.RunAsync),
        new("restore", "restore k0s state from given backup archive. Use '-' as filename to read from stdin. Must be run as root (or with sudo)", RestoreCommand.Flags, RestoreCommand.RunAsync),
        new("reset", "Uninstall k0s. Must be run as root (or with sudo)", ResetCommand.Flags, ResetCommand.RunAsync),
        new("config validate", "Validate k0s configuration", ConfigValidateCommand.Flags, ConfigValidateCommand.RunAsync),
        new("kubectl", "kubectl controls the Kubernetes cluster manager", [], a => KubectlCommand.RunAsync(a.Positionals)) { PassThrough = true },
    ];

    private static async Task<int> RunServiceAsync(ParsedArgs args, Func<NodeOptions, CancellationToken, Task<int>> service)
    {
        Log.DebugEnabled = args.Bool("debug");
        using var stop = ServiceProcess.StopOnSignals(out var registrations);
        using (registrations)
        {
            try
            {
                return await service(NodeOptions.From(args), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 0; // stopped while still starting up
            }
        }
    }
}
