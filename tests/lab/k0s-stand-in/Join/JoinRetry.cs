using K0sStandIn.Cli;

namespace K0sStandIn.Join;

/// <summary>Join calls are retried a few times, as k0s does, then the service fails (and systemd restarts it).</summary>
internal static class JoinRetry
{
    private const int Attempts = 10;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    public static async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(stop);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                if (attempt == Attempts)
                {
                    throw new CliException($"failed to join controller: failed to {what}: {e.Message}", e);
                }

                Log.Warn($"failed to {what}, retrying: {e.Message}", ("component", "controller"), ("attempt", attempt));
                await Task.Delay(Delay, stop);
            }
        }
    }
}
