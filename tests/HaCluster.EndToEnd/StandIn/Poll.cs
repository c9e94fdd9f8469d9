namespace HaCluster.EndToEnd.StandIn;

/// <summary>Waits for something the cluster does asynchronously; a bound, never a speed assertion.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {within.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
    }
}
