using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// Three stand-in controllers with k0s's own keepalived (CPLB) holding the lab's virtual IP, which is also the
/// cluster's externalAddress: the second and third controllers join through it.
/// </summary>
public sealed class CplbCluster : IAsyncLifetime
{
    public const string AuthPass = "k0slab1";
    private Lab.Lab? _lab;

    public Lab.Lab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public IReadOnlyList<K0sHost> Controllers { get; private set; } = [];

    public K0sHost Worker { get; private set; } = null!;

    public string VirtualIP => Lab.VirtualIP;

    public string K0sYamlFor(K0sHost controller) => K0sYaml.Controller(
        controller.Address, VirtualIP, Controllers.Select(c => c.Address).Append(VirtualIP), $"{VirtualIP}/24", AuthPass);

    public async Task InitializeAsync()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();
        _lab = await HaCluster.EndToEnd.Lab.Lab.StartAsync(new LabOptions { Hosts = 4, Topology = LabTopologies.Cplb, K0sPath = binary });
        try
        {
            Controllers = [.. new[] { "h1", "h2", "h3" }.Select(n => new K0sHost(Lab, n))];
            Worker = new K0sHost(Lab, "h4");
            await Task.WhenAll(Controllers.Append(Worker).Select(h => h.InstallBinaryAsync(binary)));
            await ClusterSteps.StartFirstControllerAsync(Controllers[0], K0sYamlFor(Controllers[0]));
            await WaitForHolderAsync();
            foreach (var joining in Controllers.Skip(1))
            {
                await ClusterSteps.JoinControllerAsync(Controllers[0], joining, K0sYamlFor(joining));
            }
        }
        catch
        {
            await Lab.DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync() => _lab?.DisposeAsync() ?? Task.CompletedTask;

    /// <summary>The controllers that have the VIP on an interface right now.</summary>
    public async Task<IReadOnlyList<K0sHost>> HoldersAsync()
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

    public async Task<K0sHost> WaitForHolderAsync(K0sHost? other = null)
    {
        K0sHost? holder = null;
        await Poll.UntilAsync(async () =>
        {
            var holders = await HoldersAsync();
            holder = holders.Count == 1 && holders[0] != other ? holders[0] : null;
            return holder is not null;
        }, TimeSpan.FromSeconds(30), $"exactly one controller{(other is null ? "" : " other than " + other)} holds {VirtualIP}");
        return holder!;
    }
}
