using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// The k0s binaries of workers that run no k0s yet, installed while the controllers come up: with many workers the
/// uploads are the apply's biggest cost that grows with them, and the controller phases mostly wait on k0s. Started by
/// <see cref="UploadK0sBinaryPhase"/>, each awaited by <see cref="JoinWorkersPhase"/> before that worker joins; stopped
/// and awaited by the upload phase's clean-up when a later phase fails or the run is interrupted.
/// </summary>
public sealed class WorkerBinaries : IDisposable
{
    private readonly Dictionary<string, Task> installs = [];
    private readonly CancellationTokenSource stop = new();

    /// <summary>Starts <paramref name="install"/> on each host, at most <paramref name="concurrency"/> at once.</summary>
    public void Start(RunContext context, IEnumerable<GatheredHost> hosts, int concurrency, Func<GatheredHost, CancellationToken, Task> install, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(install);
        var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token).Token;
        var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        lock (installs)
        {
            foreach (var host in hosts)
            {
                installs[host.Name] = context.RunBehind(() => RunAsync(host));
            }
        }

        async Task RunAsync(GatheredHost host)
        {
            await gate.WaitAsync(token);
            try
            {
                await install(host, token);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>Waits for the host's install (none started: done); its failure is thrown here, and only here.</summary>
    public async Task ReadyAsync(GatheredHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        Task? install;
        lock (installs)
        {
            installs.TryGetValue(host.Name, out install);
        }
        if (install is null)
        {
            return;
        }
        try
        {
            await install.WaitAsync(cancellationToken);
        }
        catch when (install.IsFaulted)
        {
            // Reported by the phase that waited: the clean-up need not warn of it again.
            lock (installs)
            {
                installs.Remove(host.Name);
            }
            throw;
        }
    }

    /// <summary>
    /// Cancels what still runs and waits until every install has ended, so nothing writes after the run closes, for at
    /// most the closing budget (<paramref name="cancellationToken"/>): an install that does not end by then is left to
    /// the disconnect. The run has already failed or been interrupted: an install that failed by itself is a warning.
    /// </summary>
    public async Task StopAsync(RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await stop.CancelAsync();
        KeyValuePair<string, Task>[] running;
        lock (installs)
        {
            running = [.. installs];
        }
        try
        {
            await Task.WhenAll(running.Select(r => r.Value)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var left = running.Where(r => !r.Value.IsCompleted).Select(r => r.Key);
            context.Warn($"installing the k0s binary did not stop within the closing budget on {string.Join(", ", left)}");
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Each install's own outcome is read below.
        }
        foreach (var (host, install) in running.Where(r => r.Value.IsFaulted))
        {
            context.Warn($"installing the k0s binary failed too: {install.Exception!.GetBaseException().Message}",
                context.Sessions.FirstOrDefault(s => s.Name == host));
        }
    }

    public void Dispose() => stop.Dispose();
}
