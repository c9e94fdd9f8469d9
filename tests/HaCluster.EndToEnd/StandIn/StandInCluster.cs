using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// A lab of 4 hosts running the stand-in as a hand-built HA cluster: h1-h3 controllers (h1 first, the others
/// joined with controller tokens; externalAddress = h1) and h4 a worker joined with a worker token.
/// </summary>
public sealed class StandInCluster : IAsyncLifetime
{
    private Lab.Lab? _lab;

    public Lab.Lab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public IReadOnlyList<K0sHost> Controllers { get; private set; } = [];

    public K0sHost First => Controllers[0];

    public K0sHost Worker { get; private set; } = null!;

    /// <summary>The k0s.yaml a controller of this cluster gets.</summary>
    public string K0sYamlFor(K0sHost controller) =>
        K0sYaml.Controller(controller.Address, First.Address, Controllers.Select(c => c.Address));

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
            foreach (var joining in Controllers.Skip(1))
            {
                await ClusterSteps.JoinControllerAsync(First, joining, K0sYamlFor(joining));
            }

            await ClusterSteps.JoinWorkerAsync(First, Worker);
        }
        catch
        {
            await Lab.DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync() => _lab?.DisposeAsync() ?? Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class StandInClusterCollection : ICollectionFixture<StandInCluster>
{
    public const string Name = "stand-in cluster";
}
