using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using HaCluster.Backup;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Phases;

/// <summary>
/// `apply --restore-from FILE`: the archive read on this machine, held in memory only (it holds the cluster's CA keys),
/// and what <see cref="CheckRestorePhase"/> decided for <see cref="RestoreBackupPhase"/>.
/// </summary>
public sealed class RestoreSource(string path)
{
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The archive's bytes, once checked; never logged, never written to a file on this machine.</summary>
    internal byte[]? Archive { get; set; }

    /// <summary>The controller the archive's peerAddress names, once checked.</summary>
    internal int? TargetIndex { get; set; }

    /// <summary>Why the archive is not a backup hactl can restore onto this config, or null; also records what restoring needs.</summary>
    internal string? Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {Path}: {e.Message}";
        }
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            if (BackupArchive.Problem(stream) is { } problem)
            {
                return $"{Path} is not a k0s backup: {problem}";
            }
        }
        Archive = bytes;
        return null;
    }

    /// <summary>The archive's k0s.yaml (it holds no keys), parsed.</summary>
    internal YamlMappingNode ArchivedConfig()
    {
        using var gzip = new GZipStream(new MemoryStream(Archive ?? throw new InvalidOperationException("the archive was not read"), writable: false), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            if (name == BackupArchive.K0sConfig && entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data, Encoding.UTF8);
                return Parse(reader.ReadToEnd(), $"{Path}: its {BackupArchive.K0sConfig}");
            }
        }
        throw new RefusedException($"{Path} is not a k0s backup: it lacks {BackupArchive.K0sConfig}");
    }

    internal static YamlMappingNode Parse(string yaml, string what)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new RefusedException($"{what} is not a k0s ClusterConfig");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new RefusedException($"{what} is not valid YAML: {e.Message}", e);
        }
    }

    /// <summary>The scalar at a dotted path (e.g. spec.storage.etcd.peerAddress), or null when any step is absent.</summary>
    internal static string? At(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping || YamlTree.Get(mapping, key) is not { } next)
            {
                return null;
            }
            node = next;
        }
        return (node as YamlScalarNode)?.Value;
    }

    /// <summary>The VIPs k0s's own keepalived holds (cplb), sorted; empty when CPLB is off.</summary>
    internal static IReadOnlyList<string> CplbVips(YamlMappingNode root)
    {
        if (At(root, "spec.network.controlPlaneLoadBalancing.enabled") is not ("true" or "True"))
        {
            return [];
        }
        var vips = new List<string>();
        if (Node(root, "spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances") is YamlSequenceNode instances)
        {
            foreach (var instance in instances.OfType<YamlMappingNode>())
            {
                if (YamlTree.Get(instance, "virtualIPs") is YamlSequenceNode ips)
                {
                    vips.AddRange(ips.OfType<YamlScalarNode>().Select(s => s.Value ?? ""));
                }
            }
        }
        vips.Sort(StringComparer.Ordinal);
        return vips;
    }

    private static YamlNode? Node(YamlMappingNode root, string path)
    {
        YamlNode? node = root;
        foreach (var key in path.Split('.'))
        {
            node = node is YamlMappingNode mapping ? YamlTree.Get(mapping, key) : null;
        }
        return node;
    }
}

/// <summary>
/// Before anything changes (the hooks included): the archive is a k0s backup, its peerAddress names one of the config's
/// controllers, its load balancer address is the one hactl renders for this config, and no controller already runs a cluster.
/// </summary>
public sealed class CheckRestorePhase(RestoreSource source) : Phase<GatheredCluster>
{
    public override string Title => "Check restore";

    public override Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (source.Read() is { } problem)
        {
            throw new RefusedException($"refusing to restore: {problem}");
        }
        var archived = source.ArchivedConfig();

        // A controller that runs, or holds an etcd member, is a cluster: restoring next to it would overwrite or split it.
        var running = cluster.Controllers
            .Where(c => c.Facts.IsActive(K0sCommands.UnitName(c.Host)) || c.Facts.EtcdJoined)
            .Select(c => c.Facts.IsActive(K0sCommands.UnitName(c.Host)) ? $"{c.Name} (k0s running)" : $"{c.Name} (etcd data in {c.Host.DataDir}/etcd)")
            .ToList();
        if (running.Count > 0)
        {
            throw new RefusedException(
                $"refusing to restore {source.Path}: a cluster already exists on {string.Join(", ", running)}; " +
                "a restore would overwrite or split it (run `hactl reset` first if it is to be replaced)");
        }

        var peer = RestoreSource.At(archived, "spec.storage.etcd.peerAddress");
        var target = peer is null ? null : cluster.Controllers.FirstOrDefault(c => c.Host.PrivateAddress == peer);
        if (target is null)
        {
            var worker = peer is null ? null : cluster.Hosts.FirstOrDefault(h => h.Host.PrivateAddress == peer);
            var why = peer is null
                ? "its k0s.yaml has no spec.storage.etcd.peerAddress"
                : worker is not null
                    ? $"its spec.storage.etcd.peerAddress {peer} is {worker.Name}, which is not a controller (a backup is never restored onto a worker)"
                    : $"its spec.storage.etcd.peerAddress {peer} is no controller's private address in the config";
            throw new RefusedException(
                $"refusing to restore {source.Path}: {why}. k0s restores etcd with the archived peer URL and keeps it " +
                "(k0s issue #7876), so the archive can only be restored onto the controller that has that private address");
        }

        var rendered = DesiredFiles.Of(ClusterRenderer.RenderAll(cluster.Cluster), target).Find(K0sPaths.Config)
            ?? throw new InvalidOperationException($"{target.Name}: no k0s.yaml was rendered");
        var desired = RestoreSource.Parse(rendered.Content, $"{target.Name}: the rendered k0s.yaml");
        var archivedAddress = RestoreSource.At(archived, "spec.api.externalAddress");
        var desiredAddress = RestoreSource.At(desired, "spec.api.externalAddress");
        if (archivedAddress != desiredAddress)
        {
            throw new RefusedException(
                $"refusing to restore {source.Path}: its spec.api.externalAddress is {archivedAddress ?? "unset"}, the config's load balancer " +
                $"gives {desiredAddress ?? "none"}; the restored certificates, kubeconfigs and workers expect the archived address");
        }
        var archivedVips = RestoreSource.CplbVips(archived);
        var desiredVips = RestoreSource.CplbVips(desired);
        if (!archivedVips.SequenceEqual(desiredVips, StringComparer.Ordinal))
        {
            throw new RefusedException(
                $"refusing to restore {source.Path}: its control-plane load balancing VIP is {Vips(archivedVips)}, the config's load balancer " +
                $"gives {Vips(desiredVips)}");
        }

        source.TargetIndex = target.Host.Index;
        context.Info($"restoring {source.Path} onto {target.Name} (the archive's etcd peerAddress {peer})", target.Session);
        return Task.CompletedTask;
    }

    private static string Vips(IReadOnlyList<string> vips) => vips.Count == 0 ? "none" : string.Join(", ", vips);
}

/// <summary>
/// Restores the checked archive onto its controller after k0s.yaml and the binary are in place and before the cluster is
/// initialized: upload (0600, a temp dir removed on every exit path), `k0s restore`, install and start, wait for the
/// API. Every other controller with k0s left installed is reset so it joins the restored cluster with a new token.
/// The state it returns shows the restored controller running, so initializing leads from it.
/// </summary>
public sealed class RestoreBackupPhase(RestoreSource source) : Phase<RenderedCluster, RenderedCluster>
{
    public const string ArchiveName = "k0s_backup.tar.gz";
    public const string ConfigOutName = "k0s_restored.yaml";

    public override string Title => "Restore backup";

    public override async Task<RenderedCluster> RunAsync(RunContext context, RenderedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var target = cluster.Controllers.Single(c => c.Host.Index == (source.TargetIndex ?? throw new InvalidOperationException("the restore was not checked")));
        var archive = source.Archive ?? throw new InvalidOperationException("the archive was not read");

        await context.ChangeAsync(target.Session, $"restore {System.IO.Path.GetFileName(source.Path)} onto {target.Name}: k0s restore, install and start k0s controller",
            async (writer, token) =>
            {
                await RestoreAsync(target, archive, writer, token);
                await K0sService.InstallAndStartAsync(target, writer, joining: false, token);
                await ClusterProbes.WaitForLocalApiAsync(context, target.Session, token);
                await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, target.Session, token);
            }, cancellationToken);
        target.Changed.RestartedOntoChanges();

        var reset = new HashSet<int>();
        foreach (var other in cluster.Controllers.Where(c => c != target && K0sService.IsInstalled(c)))
        {
            await context.ChangeAsync(other.Session, $"reset {other.Name} to rejoin the restored cluster (k0s reset)",
                (writer, token) => writer.RunAsync(K0sCommands.Reset(other.Host.DataDir), token), cancellationToken);
            reset.Add(other.Host.Index);
        }

        // A dry run changed nothing: nothing runs yet, so no later phase may ask the cluster; the restore host leads.
        if (context.Options.DryRun)
        {
            return cluster with { Hosts = [target, .. cluster.Hosts.Where(h => h != target)] };
        }

        // What the hosts are now: the restored controller runs a cluster; the reset ones have no k0s unit.
        var hosts = cluster.Hosts.Select(h =>
        {
            var unit = K0sCommands.UnitName(h.Host);
            if (h == target)
            {
                return h with { Facts = h.Facts with { EtcdJoined = true, K0sExecStart = null, ServiceStates = With(h.Facts.ServiceStates, unit, "active") } };
            }
            return reset.Contains(h.Host.Index)
                ? h with { Facts = h.Facts with { EtcdJoined = false, K0sExecStart = null, ServiceStates = With(h.Facts.ServiceStates, unit, "missing") } }
                : h;
        }).ToList();
        return cluster with { Hosts = hosts };
    }

    /// <summary>Uploads the archive to a fresh temp dir, restores from it, and removes the dir whatever happened.</summary>
    private static async Task RestoreAsync(GatheredHost host, byte[] archive, HostWriter writer, CancellationToken cancellationToken)
    {
        var dir = (await writer.RunAsync(RemoteCommand.Exec("mktemp", "-d", "/tmp/hactl-restore.XXXXXXXX"), cancellationToken)).Trim();
        if (!dir.StartsWith("/tmp/hactl-restore.", StringComparison.Ordinal) || dir.Contains('\n', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{host.Name}: mktemp gave an unexpected path");
        }
        try
        {
            var file = $"{dir}/{ArchiveName}";
            await writer.UploadAsync(archive, file, "0600", cancellationToken);
            string[] args = ["restore", .. host.Host.DataDir == K0sPaths.DefaultDataDir ? [] : new[] { $"--data-dir={host.Host.DataDir}" },
                $"--config-out={dir}/{ConfigOutName}", file];
            await writer.RunAsync(RemoteCommand.Exec(K0sPaths.Binary, args), cancellationToken);
        }
        finally
        {
            await writer.RunAsync(RemoteCommand.Exec("rm", "-rf", "--", dir), CancellationToken.None);
        }
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> states, string unit, string state) =>
        new(states) { [unit] = state };
}
