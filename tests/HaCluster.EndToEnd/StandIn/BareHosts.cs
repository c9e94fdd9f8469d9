using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>Two lab hosts with the stand-in installed and nothing running: for the contract's error cases.</summary>
public sealed class BareHosts : IAsyncLifetime
{
    private Lab.Lab? _lab;

    public K0sHost H1 { get; private set; } = null!;

    public K0sHost H2 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();
        _lab = await HaCluster.EndToEnd.Lab.Lab.StartAsync(new LabOptions { Hosts = 2, K0sPath = binary });
        H1 = new K0sHost(_lab, "h1");
        H2 = new K0sHost(_lab, "h2");
        await Task.WhenAll(H1.InstallBinaryAsync(binary), H2.InstallBinaryAsync(binary));
    }

    public Task DisposeAsync() => _lab?.DisposeAsync() ?? Task.CompletedTask;

    /// <summary>A single-node controller (k0s install controller --single --start), ready to serve.</summary>
    public static async Task StartSingleAsync(K0sHost host)
    {
        (await host.K0sAsync("install", "controller", "--single", "--start")).ThrowIfFailed();
        await ClusterSteps.WaitReadyAsync(host);
    }
}
