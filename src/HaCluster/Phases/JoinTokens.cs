using System.Collections.Concurrent;
using System.Text;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Join tokens of one run: created on the leader, written to a host with mode 0600, and invalidated after use.
/// A host that joined keeps a token file without the secret, as k0sctl leaves it (the unit names the file, so k0s
/// finds it on restart); a host whose join did not finish — failure or Ctrl-C — is left with no token file at all.
/// Every step is a change, so it takes the writers of the change it is part of, and keeps them to clean up.
/// </summary>
internal sealed class JoinTokens
{
    public const string Placeholder = "# join token removed by hactl after the join\n";
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, Outstanding> outstanding = new();

    /// <summary>Creates a token for the role on the leader; its value is registered as a secret before anything can print it.</summary>
    public async Task<(string Id, string Token)> CreateAsync(RunContext context, HostWriter leader, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(leader);
        var token = (await leader.RunAsync(K0sCommands.TokenCreate(role, Expiry), cancellationToken)).Trim();
        context.Secrets.Add(token);
        var id = K0sOutput.JoinTokenId(token);
        outstanding[id] = new Outstanding(leader);
        return (id, token);
    }

    public async Task WriteAsync(string id, string token, HostSession host, HostWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        outstanding[id].Holders.TryAdd(host, new Holder(writer));
        await writer.UploadAsync(Encoding.UTF8.GetBytes(token), K0sPaths.TokenFile, "0600", cancellationToken);
    }

    /// <summary>The host joined: its token file keeps no secret from now on.</summary>
    public async Task DisarmAsync(string id, HostSession host, CancellationToken cancellationToken)
    {
        var holder = outstanding[id].Holders[host];
        await holder.Writer.UploadAsync(Encoding.UTF8.GetBytes(Placeholder), K0sPaths.TokenFile, "0600", cancellationToken);
        holder.Joined = true;
    }

    /// <summary>Invalidates the token on the leader and removes it from every host that did not finish joining.</summary>
    public async Task InvalidateAsync(string id, CancellationToken cancellationToken)
    {
        if (!outstanding.TryRemove(id, out var entry))
        {
            return;
        }
        foreach (var (_, holder) in entry.Holders.Where(h => !h.Value.Joined && h.Key.IsConnected))
        {
            await holder.Writer.TryRunAsync(RemoteCommand.Exec("rm", "-f", "--", K0sPaths.TokenFile), cancellationToken);
        }
        await entry.Leader.RunAsync(K0sCommands.TokenInvalidate(id), cancellationToken);
    }

    public async Task InvalidateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var id in outstanding.Keys.ToList())
        {
            await InvalidateAsync(id, cancellationToken);
        }
    }

    private sealed record Outstanding(HostWriter Leader)
    {
        public ConcurrentDictionary<HostSession, Holder> Holders { get; } = new();
    }

    private sealed class Holder(HostWriter writer)
    {
        public HostWriter Writer { get; } = writer;

        public bool Joined { get; set; }
    }
}
