using System.Text;
using HaCluster.Hosts;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;

namespace HaCluster.Phases;

/// <summary>
/// HAProxy + keepalived on the load balancer hosts: packages when missing, ip_nonlocal_bind, configs written only
/// when they changed and checked on the host before they replace the live ones, services reloaded (HAProxy's
/// master-worker reload keeps connections), then the VIP held by exactly one host and answering.
/// </summary>
public sealed class ConfigureLoadBalancerPhase : Phase
{
    internal const string SysctlFile = "/etc/sysctl.d/90-hactl-nonlocal-bind.conf";
    // socat: hactl status reads backend states from HAProxy's admin socket with it.
    private static readonly string[] Packages = ["haproxy", "keepalived", "socat"];

    public override string Title => "Configure load balancer";

    public override bool ShouldRun(RunContext context) =>
        context.Cluster.LoadBalancer.Type == LoadBalancerType.HaproxyKeepalived && context.LoadBalancers.Any();

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        await context.ForEachHostAsync(context.LoadBalancers, (host, token) => ConfigureAsync(context, host, token), cancellationToken);
        if (!context.Options.DryRun)
        {
            await WaitForVirtualIPAsync(context, cancellationToken);
        }
    }

    private static async Task ConfigureAsync(RunContext context, HostSession host, CancellationToken cancellationToken)
    {
        var facts = host.Facts.Get<HostFacts>();
        var missing = Packages.Where(p => !facts.Programs.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            var install = host.Facts.Get<OsInfo>().PackageManager.Install(missing);
            await context.ChangeAsync(host, $"install {string.Join(' ', missing)}", t => host.QueryAsync(install, t), cancellationToken);
        }
        if (!facts.NonlocalBind)
        {
            // HAProxy binds the API ports on every LB host, also on those not holding the VIP right now.
            await context.ChangeAsync(host, "enable net.ipv4.ip_nonlocal_bind", async t =>
            {
                await host.Connection.UploadAsync(Encoding.UTF8.GetBytes("net.ipv4.ip_nonlocal_bind = 1\n"), SysctlFile, "0644", "root:root", t);
                await host.QueryAsync(RemoteCommand.Exec("sysctl", "-q", "-w", "net.ipv4.ip_nonlocal_bind=1"), t);
            }, cancellationToken);
        }

        var files = host.Facts.Get<DesiredFiles>();
        var haproxyChanged = await WriteAsync(ManagedFiles.HaproxyConfig.Path,
            staged => RemoteCommand.Exec("haproxy", "-c", "-q", "-f", staged));
        // The check script first: keepalived -t checks that the script the config names exists and is safe.
        var scriptChanged = await WriteAsync(ManagedFiles.KeepalivedCheckScript.Path, null);
        var keepalivedChanged = await WriteAsync(ManagedFiles.KeepalivedConfig.Path,
            staged => RemoteCommand.Exec("keepalived", "-t", "-f", staged)) || scriptChanged;

        await EnsureServiceAsync(context, host, "haproxy", haproxyChanged, cancellationToken);
        await EnsureServiceAsync(context, host, "keepalived", keepalivedChanged, cancellationToken);

        async Task<bool> WriteAsync(string path, Func<string, RemoteCommand>? check) =>
            files.Find(path) is { } file && await HostFiles.WriteIfChangedAsync(context, host, file, check, cancellationToken);
    }

    private static async Task EnsureServiceAsync(RunContext context, HostSession host, string unit, bool changed, CancellationToken cancellationToken)
    {
        if (!host.Facts.Get<HostFacts>().IsActive(unit))
        {
            await context.ChangeAsync(host, $"enable and start {unit}",
                t => host.QueryAsync(RemoteCommand.Exec("systemctl", "enable", "--now", $"{unit}.service"), t), cancellationToken);
        }
        else if (changed)
        {
            await context.ChangeAsync(host, $"reload {unit}",
                t => host.QueryAsync(RemoteCommand.Exec("systemctl", "reload", $"{unit}.service"), t), cancellationToken);
        }
    }

    /// <summary>Exactly one LB host holds the VIP (VRRP has settled), and the API port answers on it.</summary>
    private static Task WaitForVirtualIPAsync(RunContext context, CancellationToken cancellationToken)
    {
        var vip = context.Cluster.LoadBalancer.VirtualIP!;
        return Waits.UntilAsync("WaitForVirtualIP", context.Options.Timeout, async token =>
        {
            var holders = 0;
            foreach (var host in context.LoadBalancers)
            {
                var addresses = InterfaceAddress.ParseIpAddrOutput(
                    await host.QueryAsync(RemoteCommand.Exec("ip", "-o", "-4", "addr", "show") with { AsRoot = false }, token));
                holders += addresses.Any(a => a.Address.Equals(vip.Address)) ? 1 : 0;
            }
            return holders == 1 && await LoadBalancerProbe.AnswersAsync(context.LoadBalancers.First(), vip.Address.ToString(), context.Cluster.LoadBalancer.ApiPort, token);
        }, cancellationToken);
    }
}

/// <summary>Checks that a TCP port answers, asked from a host (the LB may not be reachable from this machine).</summary>
internal static class LoadBalancerProbe
{
    private const string Script = "exec 3<>\"/dev/tcp/$1/$2\"";

    public static async Task<bool> AnswersAsync(HostSession from, string address, int port, CancellationToken cancellationToken)
    {
        // bash, not sh: /dev/tcp is bash's; present on every supported OS.
        var result = await from.ProbeAsync(
            RemoteCommand.Exec("timeout", "5", "bash", "-c", Script, "hactl", address, port.ToString()) with { AsRoot = false }, cancellationToken);
        return result.Succeeded;
    }
}
