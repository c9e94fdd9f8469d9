using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Pki;

namespace K0sStandIn.Keepalived;

/// <summary>
/// Runs the machine's keepalived for CPLB as k0s does: config and pid files under the run dir, in the foreground
/// as a supervised child, so the VIP really moves between controllers by VRRP. IPVS virtual servers are rendered,
/// but included only where the kernel has IPVS (the lab's has not).
/// </summary>
internal sealed class KeepalivedRunner : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/keepalived";

    private readonly ChildProcess _process;
    private readonly KeepalivedSpec _spec;
    private readonly string _virtualServersPath;
    private readonly int _apiPort;
    private string _renderedServers = "";
    private bool _stopped;

    private KeepalivedRunner(ChildProcess process, KeepalivedSpec spec, string virtualServersPath, int apiPort)
    {
        _process = process;
        _spec = spec;
        _virtualServersPath = virtualServersPath;
        _apiPort = apiPort;
    }

    public static bool KernelHasIpvs => File.Exists("/proc/net/ip_vs");

    public static KeepalivedRunner Start(K0sVars vars, KeepalivedSpec spec, int apiPort)
    {
        var configPath = Path.Combine(vars.RunDir, "keepalived.conf");
        var virtualServersPath = Path.Combine(vars.RunDir, KeepalivedConfig.VirtualServersFile);
        PemFiles.Write(virtualServersPath, "", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        PemFiles.Write(configPath, KeepalivedConfig.RenderVrrp(spec, KernelHasIpvs), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (spec.VirtualServers is { Count: > 0 } && !KernelHasIpvs)
        {
            Log.Warn("the kernel has no IPVS: virtual servers are rendered but not loaded", ("component", "CPLB"), ("file", virtualServersPath));
        }

        Log.Info("Starting keepalived", ("component", "CPLB"));
        var process = ChildProcess.Start("keepalived", Binary,
        [
            "--dont-fork", "--use-file", configPath, "--no-syslog", "--log-console",
            "--pid", Path.Combine(vars.RunDir, "keepalived-daemon.pid"),
            "--vrrp_pid", Path.Combine(vars.RunDir, "keepalived-vrrp.pid"),
            "--checkers_pid", Path.Combine(vars.RunDir, "keepalived-checkers.pid"),
        ], vars.RunDir);
        return new KeepalivedRunner(process, spec, virtualServersPath, apiPort);
    }

    /// <summary>Re-renders the virtual servers for the current API servers; keepalived reloads on SIGHUP.</summary>
    public void UpdateRealServers(IReadOnlyList<string> apiServers)
    {
        if (_spec.VirtualServers is not { Count: > 0 })
        {
            return;
        }

        var rendered = KeepalivedConfig.RenderVirtualServers(_spec, apiServers, _apiPort);
        if (rendered == _renderedServers)
        {
            return;
        }

        _renderedServers = rendered;
        PemFiles.Write(_virtualServersPath, rendered, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (KernelHasIpvs)
        {
            _process.Signal(Libc.SigHup);
        }
    }

    /// <summary>
    /// Stops keepalived: on SIGTERM it sends a priority-0 advertisement and drops the VIP, so a backup takes it over
    /// at once. Safe to call more than once.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return ValueTask.CompletedTask;
        }

        _stopped = true;
        Log.Info("Stopping keepalived", ("component", "CPLB"));
        return _process.DisposeAsync();
    }
}
