namespace K0sStandIn.Etcd;

/// <summary>An etcd cluster member. IDs are 64-bit and travel as decimal strings: never through a double.</summary>
internal sealed record EtcdMember(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls)
{
    /// <summary>A member that was added but has not started yet has no name.</summary>
    public bool Started => Name.Length > 0;

    public string FirstPeerUrl => PeerUrls.Count > 0 ? PeerUrls[0] : "";

    public string HexId => Id.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A key's value with the revision it was last modified at (the object's resourceVersion).</summary>
internal sealed record EtcdEntry(string Key, string Value, long ModRevision);

/// <summary>A request etcd answered with an error, or one that could not reach it.</summary>
internal sealed class EtcdException : Exception
{
    public EtcdException(string message)
        : base(message)
    {
    }

    public EtcdException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public EtcdException()
    {
    }
}
