using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Which of a list of paths exist on a host: what a clean-up still has to remove (read-only, so also under --dry-run).</summary>
internal static class HostLeftovers
{
    private const string Script = "for p in \"$@\"; do if [ -e \"$p\" ]; then printf '%s\\n' \"$p\"; fi; done; true";

    public static async Task<IReadOnlySet<string>> ExistingAsync(HostSession host, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var output = await host.QueryAsync(RemoteCommand.Script("find leftovers", Script, [.. paths]), cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }
}
