using System.Text.Json.Nodes;
using K0sStandIn.Cli;
using K0sStandIn.Etcd;

namespace K0sStandIn.Commands;

/// <summary><c>k0s etcd member-list</c> and <c>k0s etcd leave</c>, on the real etcd membership.</summary>
internal static class EtcdCommands
{
    public static readonly FlagSpec[] ListFlags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile);
    public static readonly FlagSpec[] LeaveFlags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile, [new("peer-address", FlagKind.String)]);

    public static async Task<int> MemberListAsync(ParsedArgs args)
    {
        var context = Checked(args);
        IReadOnlyList<EtcdMember> members;
        try
        {
            members = await LocalEtcd.CallWhenReachableAsync(context.Vars, etcd => etcd.ListMembersAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is EtcdException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliException("can't list etcd cluster members: " + GoErrors.Describe(e), e);
        }

        // Go marshals a map with its keys sorted.
        var map = new JsonObject();
        foreach (var member in members.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            map[member.Name] = member.FirstPeerUrl;
        }

        Console.WriteLine(new JsonObject { ["members"] = map }.ToJsonString(JsonOutput.Compact));
        return 0;
    }

    public static async Task<int> LeaveAsync(ParsedArgs args)
    {
        var context = Checked(args);
        var peerAddress = args.String("peer-address") is { Length: > 0 } given ? given : context.Config.Spec.Storage.Etcd.PeerAddress;
        if (string.IsNullOrEmpty(peerAddress))
        {
            throw new CliException("can't leave etcd cluster: peer address is empty, check the config file or use cli argument");
        }

        var peerUrl = EtcdServer.PeerUrl(peerAddress);
        var members = await LocalEtcd.CallWhenReachableAsync(context.Vars, etcd => etcd.ListMembersAsync(CancellationToken.None));
        var member = members.FirstOrDefault(m => m.FirstPeerUrl == peerUrl);
        if (member is null)
        {
            Log.Error("Failed to get peer name", ("peerURL", peerUrl));
            throw new CliException($"peer not found: {peerUrl}");
        }

        try
        {
            await LocalEtcd.CallWhenReachableAsync(context.Vars, async etcd =>
            {
                await etcd.RemoveMemberAsync(member.Id, CancellationToken.None);
                return 0;
            });
        }
        catch (EtcdException e)
        {
            Log.Error("Failed to delete node from cluster", ("peerURL", peerUrl), ("peerID", member.HexId));
            throw new CliException(e.Message, e);
        }

        Log.Info("Successfully deleted", ("peerID", member.HexId));
        return 0;
    }

    private static CommandContext Checked(ParsedArgs args)
    {
        var context = CommandContext.Resolve(args);
        var storage = context.Config.Spec.Storage;
        if (storage.Type != "etcd")
        {
            throw new CliException($"wrong storage type: {storage.Type}");
        }

        return storage.Etcd.ExternalCluster is null
            ? context
            : throw new CliException("command 'k0s etcd' does not support external etcd cluster");
    }
}
