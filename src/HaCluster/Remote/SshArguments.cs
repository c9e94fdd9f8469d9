using HaCluster.Local;
using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>Builds the ssh client's argv for a host. Pure, so the exact options are unit-tested.</summary>
internal static class SshArguments
{
    /// <summary>Options every ssh invocation for this host shares (master, sessions, control commands).</summary>
    public static List<string> Common(ConnectionModel connection, TransportOptions options, string controlPath)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var args = Identity(connection, options);
        args.AddRange(["-o", $"ControlPath={controlPath}"]);
        return args;
    }

    /// <summary>
    /// The argv that opens the master connection and backgrounds it once authenticated. It ends by itself once idle:
    /// after the persisted masters' idle time, else 120 s (a run also ends its own master when it ends).
    /// </summary>
    public static List<string> Master(ConnectionModel connection, TransportOptions options, string controlPath)
    {
        var args = MasterOptions(connection, options, controlPath);
        args.AddRange(["-f", "-N", Target(connection)]);
        return args;
    }

    /// <summary>
    /// The argv that opens the master connection and runs shell text on it: once authenticated, ssh puts the master in
    /// the background (ControlPersist) and runs the command through it in the foreground, so the command's output and
    /// exit code are this process's, and the master stays for the sessions that follow.
    /// </summary>
    public static List<string> MasterRunning(ConnectionModel connection, TransportOptions options, string controlPath, string shellText)
    {
        var args = MasterOptions(connection, options, controlPath);
        args.AddRange([Target(connection), "--", shellText]);
        return args;
    }

    private static List<string> MasterOptions(ConnectionModel connection, TransportOptions options, string controlPath)
    {
        var args = Common(connection, options, controlPath);
        var idle = (int)Math.Ceiling((options.Persist?.Idle ?? TimeSpan.FromSeconds(120)).TotalSeconds);
        args.AddRange(["-o", "ControlMaster=yes", "-o", $"ControlPersist={idle}"]);
        return args;
    }

    /// <summary>
    /// The name of a persisted master's socket: a digest of everything the master was opened with (user, address, port,
    /// keys, ssh_config, options, bastion, known_hosts and its policy), so a run only ever reuses a master it would
    /// have opened itself.
    /// </summary>
    public static string PersistedName(ConnectionModel connection, TransportOptions options)
    {
        var settings = string.Join('\0', [.. Identity(connection, options), Target(connection)]);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(settings)))[..20];
    }

    /// <summary>The argv of one multiplexed session running shell text on the host.</summary>
    public static List<string> Session(ConnectionModel connection, TransportOptions options, string controlPath, string shellText, bool multiplexed)
    {
        var args = multiplexed
            ? Common(connection, options, controlPath)
            : Identity(connection, options);
        args.AddRange(["-o", multiplexed ? "ControlMaster=no" : "ControlPath=none", Target(connection), "--", shellText]);
        return args;
    }

    /// <summary>The argv of a control command (check, exit) sent to the master.</summary>
    public static List<string> Control(ConnectionModel connection, TransportOptions options, string controlPath, string command)
    {
        var args = Common(connection, options, controlPath);
        args.AddRange(["-O", command, Target(connection)]);
        return args;
    }

    private static List<string> Identity(ConnectionModel c, TransportOptions options)
    {
        var args = new List<string>();
        if (c.ConfigPath is { } config)
        {
            args.AddRange(["-F", ExpandHome(config)]);
        }
        args.AddRange([
            "-o", "BatchMode=yes",
            // Host-key additions are noise on stderr; real problems are still printed at ERROR.
            "-o", "LogLevel=ERROR",
            "-o", $"ConnectTimeout={(int)options.ConnectTimeout.TotalSeconds}",
            "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=3",
            "-o", $"StrictHostKeyChecking={(options.StrictHostKeyChecking ? "yes" : "accept-new")}",
        ]);
        if (options.KnownHostsFile is { } knownHosts)
        {
            args.AddRange(["-o", $"UserKnownHostsFile={ExpandHome(knownHosts)}"]);
        }
        if (c.KeyPath is { } key)
        {
            // Only the named key (and the agent's copy of it): many agent keys otherwise exhaust MaxAuthTries.
            args.AddRange(["-i", ExpandHome(key), "-o", "IdentitiesOnly=yes"]);
        }
        foreach (var (name, value) in c.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            args.AddRange(["-o", $"{name}={value}"]);
        }
        if (c.Bastion is { } bastion)
        {
            args.AddRange(["-o", $"ProxyCommand={ProxyCommand(bastion, options)}"]);
        }
        args.AddRange(["-p", c.Port.ToString(), "-l", c.User]);
        return args;
    }

    // A ProxyCommand (not -J) so the bastion can have its own key, port and user. ssh runs it through the local
    // shell and expands % tokens, hence the quoting and the %% escape.
    private static string ProxyCommand(ConnectionModel bastion, TransportOptions options)
    {
        List<string> argv = [options.SshProgram, .. Identity(bastion, options), "-W", "%h:%p", Target(bastion)];
        return string.Join(' ', argv.Select(a => a == "%h:%p" ? a : ShellQuote.Quote(a).Replace("%", "%%", StringComparison.Ordinal)));
    }

    private static string Target(ConnectionModel c) => c.Address;

    /// <summary>~ as this machine's user home (and ~\ on Windows); see <see cref="PlatformPaths.ExpandHome(string, string, bool)"/>.</summary>
    internal static string ExpandHome(string path) => PlatformPaths.Current.ExpandHome(path);
}
