using System.Collections.Concurrent;
using System.Text;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>
/// Join tokens of one run: created on the leader, written to a host with mode 0600, and invalidated and removed
/// after the join, or by <see cref="RevokeAllAsync"/> when the run fails or is interrupted.
/// </summary>
internal sealed class JoinTokens
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, (HostSession Leader, List<HostSession> Holders)> outstanding = new();

    /// <summary>Creates a token for the role on the leader; its value is registered as a secret before anything can print it.</summary>
    public async Task<(string Id, string Token)> CreateAsync(RunContext context, HostSession leader, string role, CancellationToken cancellationToken)
    {
        var token = (await leader.QueryAsync(K0sCommands.TokenCreate(role, Expiry), cancellationToken)).Trim();
        context.Secrets.Add(token);
        var id = K0sOutput.JoinTokenId(token);
        outstanding[id] = (leader, []);
        return (id, token);
    }

    public async Task WriteAsync(string id, string token, HostSession host, CancellationToken cancellationToken)
    {
        lock (outstanding[id].Holders)
        {
            outstanding[id].Holders.Add(host);
        }
        await host.Connection.UploadAsync(Encoding.UTF8.GetBytes(token), K0sPaths.TokenFile, "0600", "root:root", cancellationToken);
    }

    /// <summary>Removes the token file from the hosts it was written to and invalidates it on the leader.</summary>
    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!outstanding.TryRemove(id, out var entry))
        {
            return;
        }
        foreach (var holder in entry.Holders.Where(h => h.IsConnected))
        {
            await holder.ProbeAsync(RemoteCommand.Exec("rm", "-f", "--", K0sPaths.TokenFile), cancellationToken);
        }
        await entry.Leader.QueryAsync(K0sCommands.TokenInvalidate(id), cancellationToken);
    }

    public async Task RevokeAllAsync(CancellationToken cancellationToken)
    {
        foreach (var id in outstanding.Keys.ToList())
        {
            await RevokeAsync(id, cancellationToken);
        }
    }
}
