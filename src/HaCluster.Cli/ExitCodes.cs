namespace HaCluster.Cli;

/// <summary>hactl's exit codes: stable, documented in docs/exit-codes.md, and the only place they are defined.</summary>
internal static class ExitCodes
{
    /// <summary>Success (for validate: the config is valid, warnings allowed).</summary>
    public const int Ok = 0;
    /// <summary>An operation failed on a host (SSH, a command, a check); the message names the host.</summary>
    public const int HostFailed = 1;
    /// <summary>Invalid config or command line; nothing was contacted.</summary>
    public const int InvalidConfigOrUsage = 2;
    /// <summary><c>--dry-run</c> found changes that apply would make.</summary>
    public const int ChangesPending = 3;
    /// <summary>Refused because it would be unsafe, e.g. eject-controller would break etcd quorum (override: --force).</summary>
    public const int Refused = 4;
    /// <summary>status: the cluster answers but is degraded (a member, service or backend is down).</summary>
    public const int Degraded = 5;
    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
