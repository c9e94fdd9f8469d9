namespace HaCluster.EndToEnd.Lab;

/// <summary>Waits for something the lab does asynchronously (a VIP moving, a check turning green).</summary>
public static class Eventually
{
    /// <summary>Polls until the condition holds; false when it still does not after <paramref name="within"/>.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
