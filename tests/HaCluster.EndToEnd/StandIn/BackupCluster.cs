using System.Formats.Tar;
using System.IO.Compression;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// A small lab for backup and restore: h1-h3 controllers without a load balancer (h1's address is
/// externalAddress; h1 starts the cluster, h2 and h3 join with controller tokens) and h4 a worker. Every test leaves
/// it in that shape: three etcd members, the worker Ready.
/// </summary>
public sealed class BackupCluster : IAsyncLifetime
{
    private Lab.Lab? _lab;

    public Lab.Lab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public IReadOnlyList<K0sHost> Controllers { get; private set; } = [];

    public K0sHost First => Controllers[0];

    public K0sHost Worker { get; private set; } = null!;

    public string K0sYamlFor(K0sHost controller) => K0sYaml.Controller(controller.Address, First.Address, Controllers.Select(c => c.Address));

    public async Task InitializeAsync()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();
        _lab = await HaCluster.EndToEnd.Lab.Lab.StartAsync(new LabOptions { Hosts = 4, K0sPath = binary });
        try
        {
            Controllers = [.. new[] { "h1", "h2", "h3" }.Select(n => new K0sHost(Lab, n))];
            Worker = new K0sHost(Lab, "h4");
            await Task.WhenAll(Controllers.Append(Worker).Select(h => h.InstallBinaryAsync(binary)));
            await ClusterSteps.StartFirstControllerAsync(First, K0sYamlFor(First));
            var worker = ClusterSteps.JoinWorkerAsync(First, Worker);
            foreach (var joining in Controllers.Skip(1))
            {
                await ClusterSteps.JoinControllerAsync(First, joining, K0sYamlFor(joining));
            }

            await worker;
        }
        catch
        {
            await Lab.DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync() => _lab?.DisposeAsync() ?? Task.CompletedTask;

    /// <summary>A file's bytes from a host (through base64: the lab's exec carries text).</summary>
    public static async Task<byte[]> ReadBytesAsync(K0sHost host, string path) =>
        Convert.FromBase64String((await host.ExecAsync("base64", "-w0", path)).ThrowIfFailed().StdOut);

    /// <summary>Writes bytes to a file on a host (its directory is created).</summary>
    public async Task WriteBytesAsync(K0sHost host, string path, byte[] content)
    {
        (await host.ExecAsync("mkdir", "-p", Path.GetDirectoryName(path)!)).ThrowIfFailed();
        await Lab.WriteFileAsync(host.Name, path + ".b64", Convert.ToBase64String(content));
        (await host.ExecAsync("sh", "-c", "base64 -d \"$1.b64\" > \"$1\" && rm \"$1.b64\"", "sh", path)).ThrowIfFailed();
    }

    /// <summary>Takes a backup on a controller into a fresh directory; returns the archive's path there.</summary>
    public static async Task<string> BackupAsync(K0sHost controller, string directory)
    {
        (await controller.ExecAsync("sh", "-c", "rm -rf \"$1\" && mkdir -p \"$1\"", "sh", directory)).ThrowIfFailed();
        (await controller.K0sAsync("backup", $"--save-path={directory}")).ThrowIfFailed();
        var name = (await controller.ExecAsync("ls", directory)).ThrowIfFailed().StdOut.Trim();
        return $"{directory}/{name}";
    }

    /// <summary>The archive's entries in order: name, type and (for files) content.</summary>
    public static IReadOnlyList<(string Name, TarEntryType Type, byte[] Content)> Entries(byte[] archive)
    {
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<(string, TarEntryType, byte[])>();
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry.Name, entry.EntryType, content.ToArray()));
        }

        return entries;
    }
}
