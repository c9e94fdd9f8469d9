using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// A lab of 4 hosts running the stand-in as a hand-built HA cluster: h1-h3 controllers with k0s's own
/// keepalived (CPLB, VRRP over unicast) holding the lab's virtual IP, which is the cluster's externalAddress (h1 starts the cluster,
/// h2 and h3 join through the VIP with controller tokens), and h4 a worker joined with a worker token.
/// </summary>
public sealed class StandInCluster : IAsyncLifetime
{
    public const string AuthPass = "k0slab1";
    private Lab.Lab? _lab;

    public Lab.Lab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public IReadOnlyList<K0sHost> Controllers { get; private set; } = [];

    public K0sHost First => Controllers[0];

    public K0sHost Worker { get; private set; } = null!;

    public string VirtualIP => Lab.VirtualIP;

    /// <summary>The k0s.yaml a controller of this cluster gets.</summary>
    public string K0sYamlFor(K0sHost controller) => K0sYaml.Controller(
        controller.Address, VirtualIP, Controllers.Select(c => c.Address).Append(VirtualIP), $"{VirtualIP}/24", AuthPass,
        Controllers.Where(c => c != controller).Select(c => c.Address));

    public async Task InitializeAsync()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();
        _lab = await HaCluster.EndToEnd.Lab.Lab.StartAsync(new LabOptions { Hosts = 4, Topology = LabTopologies.Cplb, K0sPath = binary });
        try
        {
            Controllers = [.. new[] { "h1", "h2", "h3" }.Select(n => new K0sHost(Lab, n))];
            Worker = new K0sHost(Lab, "h4");
            await Task.WhenAll(Controllers.Append(Worker).Select(h => h.InstallBinaryAsync(binary)));
            await ClusterSteps.StartFirstControllerAsync(First, K0sYamlFor(First));
            await WaitForVipHolderAsync();
            // Controllers join one at a time (etcd grows by one member per step); the worker needs only the first.
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

    /// <summary>The controllers that have the VIP on an interface right now.</summary>
    public async Task<IReadOnlyList<K0sHost>> VipHoldersAsync()
    {
        var holders = new List<K0sHost>();
        foreach (var controller in Controllers)
        {
            if ((await Lab.IpAddrAsync(controller.Name)).Any(a => a.StartsWith(VirtualIP + "/", StringComparison.Ordinal)))
            {
                holders.Add(controller);
            }
        }

        return holders;
    }

    /// <summary>Waits until exactly one controller (not <paramref name="except"/>) holds the VIP, and returns it.</summary>
    public async Task<K0sHost> WaitForVipHolderAsync(K0sHost? except = null)
    {
        var holders = await Poll.UntilAsync($"exactly one controller{(except is null ? "" : " other than " + except)} to hold {VirtualIP}",
            TimeSpan.FromSeconds(30), VipHoldersAsync, now => now.Count == 1 && now[0] != except);
        return holders[0];
    }
}

[CollectionDefinition(Name)]
public sealed class SharedStandInCluster : ICollectionFixture<StandInCluster>
{
    public const string Name = "stand-in cluster";
}
