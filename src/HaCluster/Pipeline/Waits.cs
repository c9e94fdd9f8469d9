using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HaCluster.Pipeline;

/// <summary>
/// Waiting for the cluster to reach a state, as Polly pipelines named after what they wait for
/// (WaitForApiReady, WaitForNodeReady…), each bounded by the run's --timeout.
/// </summary>
public static class Waits
{
    /// <summary>How long a wait rests between two probes.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Polls until the probe says true; a probe that throws is retried too. Throws TimeoutException naming what it waited for.</summary>
    public static async Task UntilAsync(string name, TimeSpan timeout, Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Exception? lastError = null;
        var pipeline = new ResiliencePipelineBuilder<bool>()
            .AddTimeout(new TimeoutStrategyOptions { Name = name, Timeout = timeout })
            .AddRetry(new RetryStrategyOptions<bool>
            {
                Name = name,
                MaxRetryAttempts = int.MaxValue,
                Delay = PollInterval,
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is { } error and not OperationCanceledException)
                    {
                        lastError = error;
                        return ValueTask.FromResult(true);
                    }
                    return ValueTask.FromResult(args.Outcome.Exception is null && !args.Outcome.Result);
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token => await probe(token), cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new TimeoutException($"{name}: not reached within {timeout.TotalSeconds:0} s (raise --timeout to wait longer)"
                + (lastError is null ? "" : $"; last error: {lastError.Message}"));
        }
    }
}
