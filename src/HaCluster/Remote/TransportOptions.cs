namespace HaCluster.Remote;

/// <summary>How hactl reaches hosts: host key policy, timeouts, retries. Immutable, one per run.</summary>
public sealed record TransportOptions
{
    /// <summary>A known_hosts file to use instead of the user's; null keeps ssh's own default.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>Strict: unknown host keys are refused (StrictHostKeyChecking=yes). Default: accept-new.</summary>
    public bool StrictHostKeyChecking { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The bound on all connect attempts to one host together, retries included.</summary>
    public TimeSpan ConnectDeadline { get; init; } = TimeSpan.FromSeconds(60);

    public int ConnectAttempts { get; init; } = 4;

    public string SshProgram { get; init; } = "ssh";

    /// <summary>Where OpenSSH masters outlive the run for the next run to reuse; null: each master ends with its run.</summary>
    public PersistedMasters? Persist { get; init; }

    /// <summary>
    /// SSH.NET: the longest a remote command may run on the host (it is wrapped in <c>timeout</c>), so a cancelled or
    /// abandoned run leaves nothing running there for longer.
    /// </summary>
    public TimeSpan CommandBound { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>SSH.NET: commands open at once on one connection, below sshd's MaxSessions (10 by default).</summary>
    public int ChannelLimit { get; init; } = 8;

    /// <summary>SSH.NET: the passphrase of encrypted key files (from HACTL_SSH_KEY_PASSPHRASE); a secret, never logged.</summary>
    public string? KeyPassphrase { get; init; }

    /// <summary>Told of every command run (for the debug log); gets the display text, never stdin.</summary>
    public Action<CommandTrace>? Trace { get; init; }
}

/// <summary>
/// OpenSSH masters kept after a run: in a private (0700) directory, each ending by itself once idle for
/// <paramref name="Idle"/>. A later run with the same connection settings finds and uses a live one.
/// </summary>
public sealed record PersistedMasters(string Directory, TimeSpan Idle);

/// <summary>One remote command as it ran.</summary>
public sealed record CommandTrace(string Host, string Command, int ExitCode, TimeSpan Duration, string Stderr);
