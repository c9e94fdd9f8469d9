using System.Collections.Concurrent;
using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Learns which k0s version each installed host runs and which it should run, and plans the rolling upgrade of the
/// hosts that differ. Every refusal comes from here, before anything changes: a downgrade on any host, a controller
/// that would skip a Kubernetes minor, hosts already on more than two versions (unless --force), a controller that is
/// down or an etcd member that is unhealthy. Hosts not yet installed are not upgrades: they get the target at install.
/// </summary>
public sealed class PlanUpgradePhase<TBefore> : Phase<GatheredCluster<TBefore>, GatheredCluster<TBefore>>
{
    // Long enough for a controller that was just started (by an interrupted run's clean-up) to become ready.
    private static readonly TimeSpan HealthWait = TimeSpan.FromSeconds(90);

    public override string Title => "Plan k0s upgrade";

    public override async Task<GatheredCluster<TBefore>> RunAsync(RunContext context, GatheredCluster<TBefore> cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        // Only hosts that are part of the cluster: one whose join was cut off after `k0s install` (its unit exists, it
        // never joined) is joined again by the join phases, not upgraded or taken for an upgrade cut off.
        var installed = cluster.Hosts.Where(h => h.Host.Role != HostRole.LoadBalancer && K0sService.IsJoined(h)).ToList();
        var versions = new ConcurrentDictionary<GatheredHost, HostVersions>();
        await context.ForEachHostAsync(installed, async (host, token) => versions[host] = await ReadAsync(context, host, token), cancellationToken);

        var problems = new List<string>();
        // A binary that contradicts spec.k0s.version is refused on a first install too, not only on an upgrade.
        foreach (var host in cluster.Hosts.Where(h => h.Host.Role != HostRole.LoadBalancer && !installed.Contains(h)))
        {
            await TargetAsync(context, host, problems, cancellationToken);
        }
        var upgrades = new List<HostUpgrade>();
        foreach (var host in installed)
        {
            var v = versions[host];
            problems.AddRange(v.Problems);
            if (v.Current is { } from && v.Target is { } to && (from != to || v.BinaryDiffers || v.Finish))
            {
                upgrades.Add(new HostUpgrade(host, from, to, v.Finish));
            }
        }
        // A stopped controller on the target is only part of an upgrade when some host really changes version;
        // otherwise the join phase starts it again, as any stopped controller.
        if (upgrades.All(u => u.Finish))
        {
            upgrades.Clear();
        }
        if (upgrades.Count == 0 && problems.Count == 0)
        {
            return cluster;
        }

        foreach (var upgrade in upgrades)
        {
            if (upgrade.From > upgrade.To)
            {
                problems.Add($"{upgrade.Name}: runs {upgrade.From}, newer than the target {upgrade.To}: k0s does not support downgrades (restore a backup instead)");
            }
            else if (upgrade.Host.Host.IsController && upgrade.From.MinorsTo(upgrade.To) > 1)
            {
                problems.Add($"{upgrade.Name}: {upgrade.From} → {upgrade.To} skips a Kubernetes minor release: controllers go one minor at a time "
                    + $"(first to the latest v{upgrade.From.Major}.{upgrade.From.Minor + 1} release)");
            }
        }
        var running = installed.Select(h => versions[h].Current).OfType<K0sVersion>().Distinct().ToList();
        if (running.Count > 2 && !context.Options.Force)
        {
            problems.Add($"the hosts run {running.Count} different k0s versions ({string.Join(", ", installed.Where(h => versions[h].Current is not null).Select(h => $"{h.Name} {versions[h].Current}"))}): "
                + "bring them to at most two first, or pass --force");
        }
        foreach (var down in installed.Where(h => h.Host.IsController && !versions[h].Active && !versions[h].Finish))
        {
            problems.Add($"{down.Name}: k0s is installed but not running: an upgrade needs every controller healthy (start it, or eject it, first)");
        }
        var finishing = upgrades.Where(u => u.Finish).Select(u => u.Host).ToHashSet();
        var (leader, unhealthy) = problems.Count == 0
            ? await WaitForHealthyControllersAsync(context, installed.Where(h => h.Host.IsController && !finishing.Contains(h)).ToList(), finishing, cancellationToken)
            : (null, []);
        problems.AddRange(unhealthy);
        if (problems.Count > 0)
        {
            throw new RefusedException("k0s upgrade refused: " + string.Join("; ", problems));
        }

        var vipHolder = VipHolder(context, cluster);
        var plan = Order(context, cluster, upgrades, leader, vipHolder);
        Describe(context, plan, leader, vipHolder);
        return cluster with { Upgrade = plan };
    }

    /// <summary>What a host runs, what it should run, and what stands in the way.</summary>
    private sealed record HostVersions(K0sVersion? Current, K0sVersion? Target, bool Active, bool BinaryDiffers, bool Finish, IReadOnlyList<string> Problems);

    private static async Task<HostVersions> ReadAsync(RunContext context, GatheredHost host, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var facts = host.Facts;
        var unit = K0sCommands.UnitName(host.Host);
        var active = facts.IsActive(unit);
        var binary = K0sVersion.Parse(facts.K0sVersion);
        var current = active ? await RunningVersionAsync(host, binary, problems, cancellationToken) : binary;
        if (current is null && problems.Count == 0)
        {
            problems.Add($"{host.Name}: cannot tell which k0s version is installed ({K0sPaths.Binary} version said '{facts.K0sVersion}')");
        }

        var (target, binaryDiffers) = await TargetAsync(context, host, problems, cancellationToken);
        // A stopped controller already on the target (an upgrade cut off between its swap and its start): it is started
        // first, so that the upgrade never takes a second controller down while one is.
        var finish = host.Host.IsController && !active && binary is not null && binary == target && !binaryDiffers;
        return new HostVersions(current, target ?? current, active, binaryDiffers, finish, problems);
    }

    /// <summary>
    /// The version the host should run: that of the binary uploaded from this machine, else spec.k0s.version; and
    /// whether the uploaded binary differs from the host's.
    /// </summary>
    private static async Task<(K0sVersion? Target, bool BinaryDiffers)> TargetAsync(
        RunContext context, GatheredHost host, List<string> problems, CancellationToken cancellationToken)
    {
        var spec = K0sVersion.Parse(context.Cluster.K0s.Version);
        if (!host.Host.UploadBinary || host.Host.K0sBinaryPath is not { } localPath)
        {
            return (spec, false);
        }
        var local = await LocalK0sBinary.VersionAsync(localPath, cancellationToken);
        var binaryDiffers = host.Facts.FileHashes.GetValueOrDefault(K0sPaths.Binary) != await LocalK0sBinary.Sha256Async(localPath, cancellationToken);
        if (local is not null && spec is not null && local != spec)
        {
            problems.Add($"{host.Name}: k0sBinaryPath {localPath} is k0s {local}, but spec.k0s.version says {spec}: make them agree");
        }
        var target = local ?? spec;
        if (target is null && binaryDiffers && K0sService.IsInstalled(host))
        {
            problems.Add($"{host.Name}: cannot learn the version of {localPath} here (it does not run on this machine): "
                + "set spec.k0s.version to the version it holds; apply checks it on the host before using it");
        }
        return (target, binaryDiffers);
    }

    /// <summary>
    /// The version the running process reports. When the binary was written before the service last started, that is
    /// the binary's version (known without asking); otherwise k0s status says, since the process predates the file.
    /// </summary>
    private static async Task<K0sVersion?> RunningVersionAsync(GatheredHost host, K0sVersion? binary, List<string> problems, CancellationToken cancellationToken)
    {
        var facts = host.Facts;
        if (facts.FileModified.TryGetValue(K0sPaths.Binary, out var written)
            && facts.ServiceStarted.TryGetValue(K0sCommands.UnitName(host.Host), out var started) && started > written)
        {
            return binary;
        }
        var status = await host.Session.ProbeAsync(K0sCommands.Status(), cancellationToken);
        if (status.Succeeded && K0sVersion.Parse(K0sStatus.Parse(status.Stdout).Version) is { } running)
        {
            return running;
        }
        problems.Add($"{host.Name}: k0s runs, but `k0s status` does not say which version: {status.Stderr.Trim()}");
        return null;
    }

    /// <summary>
    /// Waits until every running controller's API is ready and every etcd member but the finishing ones is healthy;
    /// returns the etcd leader and, when the wait ran out, what is still unhealthy.
    /// </summary>
    private static async Task<(GatheredHost? Leader, List<string> Unhealthy)> WaitForHealthyControllersAsync(
        RunContext context, List<GatheredHost> controllers, HashSet<GatheredHost> finishing, CancellationToken cancellationToken)
    {
        var unhealthy = new List<string>();
        GatheredHost? leader = null;
        if (controllers.Count == 0)
        {
            return (null, unhealthy);
        }
        var etcd = controllers.Any(c => c.Host.Role != HostRole.Single);
        var finishingUrls = finishing.Select(f => ClusterProbes.PeerUrl(f.Host)).ToHashSet();
        try
        {
            await Waits.UntilAsync("WaitForHealthyControllers", Min(HealthWait, context.Options.Timeout), async token =>
            {
                unhealthy.Clear();
                foreach (var controller in controllers)
                {
                    if (!await ClusterProbes.LocalApiReadyAsync(controller.Session, token))
                    {
                        unhealthy.Add($"{controller.Name}: its API is not ready (/readyz)");
                    }
                }
                if (etcd)
                {
                    var failures = new List<string>();
                    var seen = await EtcdProbe.ReadFromFirstAsync(controllers.Select(c => c.Session), failures, token);
                    if (seen is not { Health: var health })
                    {
                        unhealthy.Add($"etcd does not answer on any controller ({string.Join("; ", failures)})");
                        return false;
                    }
                    foreach (var member in health.Members.Where(m => !m.Healthy && !m.Member.PeerUrls.Any(finishingUrls.Contains)))
                    {
                        unhealthy.Add($"etcd member {member.Member.Name}: {member.Problem}");
                    }
                    leader = health.Leader is { } l ? controllers.FirstOrDefault(c => l.Member.PeerUrls.Contains(ClusterProbes.PeerUrl(c.Host))) : null;
                }
                return unhealthy.Count == 0;
            }, cancellationToken);
        }
        catch (TimeoutException e)
        {
            var why = unhealthy.Count > 0 ? string.Join("; ", unhealthy) : e.Message;
            return (leader, [$"the control plane was not healthy within {Min(HealthWait, context.Options.Timeout).TotalSeconds:0} s: {why}"]);
        }
        return (leader, []);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // Controllers one at a time: a finishing one first, then in config order with the etcd leader last, so that etcd
    // elects a new leader once; with CPLB the controller holding the VIP goes after all of them, so that the VIP (whose
    // move clients notice) moves once, onto a controller that is already upgraded. Workers in batches sized by workerDisruptionPercent of all the cluster's workers.
    private static UpgradePlan Order(RunContext context, GatheredCluster cluster, List<HostUpgrade> upgrades, GatheredHost? leader, GatheredHost? vipHolder)
    {
        var controllers = upgrades.Where(u => u.Host.Host.IsController)
            .OrderBy(u => u.Finish ? 0 : u.Host == vipHolder ? 3 : u.Host == leader ? 2 : 1)
            .ThenBy(u => u.Host.Host.Index)
            .ToList();
        var options = context.Cluster.Options.Concurrency;
        var size = UpgradePlan.WorkerBatchSize(cluster.Cluster.Workers.Count(), options.WorkerDisruptionPercent, Math.Min(options.Limit, context.Options.Concurrency));
        var batches = upgrades.Where(u => !u.Host.Host.IsController).Chunk(size).Select(b => (IReadOnlyList<HostUpgrade>)b).ToList();
        return new UpgradePlan(controllers, batches);
    }

    private static string? LastBecause(GatheredHost last, GatheredHost? leader, GatheredHost? vipHolder) =>
        (last == vipHolder, last == leader) switch
        {
            (true, true) => "the VIP holder and etcd leader",
            (true, false) => "the VIP holder",
            (false, true) => "the etcd leader",
            _ => null,
        };

    private static GatheredHost? VipHolder(RunContext context, GatheredCluster cluster) =>
        context.Cluster.LoadBalancer is { Type: LoadBalancerType.Cplb, VirtualIP: { } vip }
            ? cluster.Controllers.FirstOrDefault(c => c.Facts.FindAddress(vip.Address.ToString()) is not null)
            : null;

    private static void Describe(RunContext context, UpgradePlan plan, GatheredHost? leader, GatheredHost? vipHolder)
    {
        var parts = new List<string>();
        if (plan.Controllers.Count > 0)
        {
            parts.Add($"controllers one at a time: {string.Join(", ", plan.Controllers.Select(u => u.Name))}"
                + (plan.Controllers.Count > 1 && LastBecause(plan.Controllers[^1].Host, leader, vipHolder) is { } why
                    ? $" ({plan.Controllers[^1].Name}, {why}, last)" : ""));
        }
        if (plan.WorkerBatches.Count > 0)
        {
            parts.Add($"then workers in {plan.WorkerBatches.Count} batch{(plan.WorkerBatches.Count == 1 ? "" : "es")}: "
                + string.Join(" | ", plan.WorkerBatches.Select(b => string.Join(", ", b.Select(u => u.Name)))));
        }
        var targets = string.Join(", ", plan.All.Select(u => u.To).Distinct());
        context.Info($"k0s upgrade to {targets}: {string.Join("; ", parts)}");
    }
}
