using System.Text;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Brings one load balancer host to its rendered files: packages when missing, ip_nonlocal_bind, configs written only
/// when they changed and checked on the host before they replace the live ones, services started or reloaded
/// (HAProxy's master-worker reload keeps connections). Shared by apply and eject-controller.
/// </summary>
internal static class LoadBalancerSetup
{
    internal const string SysctlFile = "/etc/sysctl.d/90-hactl-nonlocal-bind.conf";

    /// <summary>Configures every load balancer host, then waits for the VIP to settle.</summary>
    public static async Task ConfigureAllAsync(
        RunContext context, IEnumerable<GatheredHost> hosts, OsDetected os, Func<GatheredHost, DesiredFiles> filesOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(os);
        await context.ForEachHostAsync(hosts, (host, token) => ConfigureAsync(context, host, os.Of(host.Session), filesOf(host), token), cancellationToken);
        // A dry run changed nothing, so the VIP may not be there yet.
        if (!context.Options.DryRun)
        {
            await WaitForVirtualIPAsync(context, cancellationToken);
        }
    }

    private static async Task ConfigureAsync(RunContext context, GatheredHost host, OsInfo os, DesiredFiles files, CancellationToken cancellationToken)
    {
        var facts = host.Facts;
        var missing = LoadBalancerServices.Packages.Where(p => !facts.Programs.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            var install = os.PackageManager.Install(missing);
            await context.ChangeAsync(host.Session, $"install {string.Join(' ', missing)}", (w, t) => w.RunAsync(install, t), cancellationToken);
        }
        if (!facts.NonlocalBind)
        {
            // HAProxy binds the API ports on every LB host, also on those not holding the VIP right now.
            await context.ChangeAsync(host.Session, "enable net.ipv4.ip_nonlocal_bind", async (w, t) =>
            {
                await w.UploadAsync(Encoding.UTF8.GetBytes("net.ipv4.ip_nonlocal_bind = 1\n"), SysctlFile, "0644", t);
                await w.RunAsync(RemoteCommand.Exec("sysctl", "-q", "-w", "net.ipv4.ip_nonlocal_bind=1"), t);
            }, cancellationToken);
        }

        var haproxyChanged = await WriteAsync(ManagedFiles.HaproxyConfig.Path,
            staged => RemoteCommand.Exec("haproxy", "-c", "-q", "-f", staged));
        // The check script first: keepalived -t checks that the script the config names exists and is safe.
        var scriptChanged = await WriteAsync(ManagedFiles.KeepalivedCheckScript.Path, null);
        var keepalivedChanged = await WriteAsync(ManagedFiles.KeepalivedConfig.Path,
            staged => RemoteCommand.Exec("keepalived", "-t", "-f", staged)) || scriptChanged;

        await EnsureServiceAsync(context, host, LoadBalancerServices.Haproxy, haproxyChanged, cancellationToken);
        await EnsureServiceAsync(context, host, LoadBalancerServices.Keepalived, keepalivedChanged, cancellationToken);

        async Task<bool> WriteAsync(string path, Func<string, RemoteCommand>? check) =>
            files.Find(path) is { } file && await HostFiles.WriteIfChangedAsync(context, host, file, check, cancellationToken);
    }

    private static async Task EnsureServiceAsync(RunContext context, GatheredHost host, string unit, bool changed, CancellationToken cancellationToken)
    {
        if (!host.Facts.IsActive(unit))
        {
            await context.ChangeAsync(host.Session, $"enable and start {unit}",
                (w, t) => w.RunAsync(RemoteCommand.Exec("systemctl", "enable", "--now", $"{unit}.service"), t), cancellationToken);
        }
        else if (changed)
        {
            await context.ChangeAsync(host.Session, $"reload {unit}",
                (w, t) => w.RunAsync(RemoteCommand.Exec("systemctl", "reload", $"{unit}.service"), t), cancellationToken);
        }
    }

    /// <summary>Exactly one LB host holds the VIP (VRRP has settled), and the API port answers on it.</summary>
    private static Task WaitForVirtualIPAsync(RunContext context, CancellationToken cancellationToken)
    {
        var vip = context.Cluster.LoadBalancer.VirtualIP!;
        return Waits.UntilAsync("WaitForVirtualIP", context.Options.Timeout, async token =>
        {
            // The hosts' addresses, asked all at once; the API port only once one host holds the VIP (before that a
            // probe waits out a connect to an address nobody answers for).
            var holds = await Task.WhenAll(context.LoadBalancers.Select(async host => InterfaceAddress.ParseIpAddrOutput(
                    await host.QueryAsync(RemoteCommand.Exec("ip", "-o", "-4", "addr", "show") with { AsRoot = false }, token))
                .Any(a => a.Address.Equals(vip.Address))));
            return holds.Count(held => held) == 1
                && await LoadBalancerProbe.AnswersAsync(context.LoadBalancers.First(), vip.Address.ToString(), context.Cluster.LoadBalancer.ApiPort, token);
        }, cancellationToken);
    }
}
