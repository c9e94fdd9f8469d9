namespace HaCluster.Remote;

/// <summary>The transports hactl can reach hosts with.</summary>
public enum TransportKind
{
    /// <summary>The system ssh client, one ControlMaster connection a host.</summary>
    OpenSsh,

    /// <summary>SSH.NET in-process, one connection a host, commands as channels.</summary>
    SshNet,
}

/// <summary>The one place a transport is made: adding one touches Remote/ and this switch only.</summary>
public static class TransportFactory
{
    /// <summary>A run's transport: each host reached by the kind its plan names.</summary>
    public static RoutingTransport Create(TransportPlan plan, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RoutingTransport(plan, kind => Create(kind, options));
    }

    public static ITransport Create(TransportKind kind, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            TransportKind.OpenSsh => new OpenSshTransport(options),
            TransportKind.SshNet => new SshNetTransport(options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such transport"),
        };
    }
}
