using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// Two lab hosts with the stand-in installed: h1 with nothing running (a fresh host), h2 running a single-node
/// controller (k0s install controller --single --start). For the contract's error cases.
/// </summary>
public sealed class BareHosts : IAsyncLifetime
{
    private Lab.Lab? _lab;

    public K0sHost Fresh { get; private set; } = null!;

    public K0sHost Single { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binary = await StandInBinary.EnsurePublishedAsync();
        _lab = await HaCluster.EndToEnd.Lab.Lab.StartAsync(new LabOptions { Hosts = 2, K0sPath = binary });
        try
        {
            Fresh = new K0sHost(_lab, "h1");
            Single = new K0sHost(_lab, "h2");
            await Task.WhenAll(Fresh.InstallBinaryAsync(binary), Single.InstallBinaryAsync(binary));
            await StartSingleAsync(Single);
        }
        catch
        {
            await _lab.DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync() => _lab?.DisposeAsync() ?? Task.CompletedTask;

    /// <summary>A single-node controller (k0s install controller --single --start), ready to serve.</summary>
    public static async Task StartSingleAsync(K0sHost host)
    {
        (await host.K0sAsync("install", "controller", "--single", "--start")).ThrowIfFailed();
        await ClusterSteps.WaitReadyAsync(host);
    }
}
