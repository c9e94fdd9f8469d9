namespace HaCluster.Spec.Reading;

/// <summary>"Did you mean …?" for a misspelt field or value: the closest known name within two edits.</summary>
internal static class NearestName
{
    private const int MaxDistance = 2;

    public static string? Find(string written, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = string.Equals(candidate, written, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        return bestDistance <= MaxDistance ? best : null;
    }

    /// <summary>The suffix for a message: <c>, did you mean 'x'?</c>, or nothing.</summary>
    public static string Hint(string written, IEnumerable<string> known) =>
        Find(written, known) is { } near ? $", did you mean '{near}'?" : "";

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
