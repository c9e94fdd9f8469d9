namespace HaCluster.Local;

/// <summary>
/// Where hactl's local files are, the Windows or the Unix way: <c>~</c> expansion, the user's known_hosts and keys, the
/// cache (logs) and the persisted masters' directory. The OS and the home directory are given, so both ways are
/// unit-tested on any machine; <see cref="Current"/> is this one.
/// </summary>
public sealed class PlatformPaths(bool isWindows, string homeDirectory, Func<string, string?> getVariable, Func<string, bool>? directoryExists = null)
{
    /// <summary>The keys ssh tries when none is named, in its order.</summary>
    public static readonly IReadOnlyList<string> DefaultKeyNames = ["id_ed25519", "id_ecdsa", "id_rsa"];

    private readonly Func<string, string?> getVariable = getVariable ?? throw new ArgumentNullException(nameof(getVariable));
    private readonly Func<string, bool> directoryExists = directoryExists ?? (_ => false);

    public static PlatformPaths Current => new(
        OperatingSystem.IsWindows(), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable, Directory.Exists);

    public bool IsWindows { get; } = isWindows;

    public string HomeDirectory { get; } = homeDirectory ?? throw new ArgumentNullException(nameof(homeDirectory));

    public string ExpandHome(string path) => ExpandHome(path, HomeDirectory, IsWindows);

    /// <summary>~/.ssh/known_hosts; %USERPROFILE%\.ssh\known_hosts on Windows.</summary>
    public string KnownHostsFile => Join(IsWindows, HomeDirectory, ".ssh", "known_hosts");

    /// <summary>The key files tried when a host names none, in order.</summary>
    public IReadOnlyList<string> DefaultKeyFiles => [.. DefaultKeyNames.Select(name => Join(IsWindows, HomeDirectory, ".ssh", name))];

    /// <summary>Where run logs go: $XDG_CACHE_HOME/hactl (else ~/.cache/hactl); %LOCALAPPDATA%\hactl on Windows.</summary>
    public string LogDirectory => Join(IsWindows, CacheDirectory, "hactl");

    /// <summary>
    /// Where persisted OpenSSH masters live: $XDG_RUNTIME_DIR/hactl (a per-login tmpfs of the user's own), else
    /// ~/.cache/hactl/ssh; on Windows, which has no masters, %LOCALAPPDATA%\hactl\ssh.
    /// </summary>
    public string MastersDirectory =>
        !IsWindows && getVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && directoryExists(runtime)
            ? Join(IsWindows, runtime, "hactl")
            : IsWindows
                ? Join(IsWindows, CacheDirectory, "hactl", "ssh")
                : Join(IsWindows, HomeDirectory, ".cache", "hactl", "ssh");

    private string CacheDirectory => IsWindows
        ? getVariable("LOCALAPPDATA") is { Length: > 0 } local ? local : Join(IsWindows, HomeDirectory, "AppData", "Local")
        : getVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Join(IsWindows, HomeDirectory, ".cache");

    /// <summary>
    /// <c>~</c>, <c>~/x</c> and on Windows <c>~\x</c> under the home directory; anything else (<c>~bob/x</c> too) as written.
    /// </summary>
    public static string ExpandHome(string path, string homeDirectory, bool isWindows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(homeDirectory);
        return !IsUnderHome(path, isWindows) ? path
            : path == "~" ? homeDirectory
            : Join(isWindows, homeDirectory, path[2..]);
    }

    /// <summary>Whether the path is written from the home directory: <c>~</c>, <c>~/</c>, on Windows <c>~\</c>.</summary>
    public static bool IsUnderHome(string path, bool isWindows)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || (isWindows && path.StartsWith(@"~\", StringComparison.Ordinal));
    }

    /// <summary>Path.Combine for the given OS rather than this one: Windows paths join with '\', and '/' in them becomes '\'.</summary>
    public static string Join(bool isWindows, string first, params string[] rest)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(rest);
        var separator = isWindows ? '\\' : '/';
        var parts = new[] { first }.Concat(rest).Where(p => p.Length > 0).Select(p => isWindows ? p.Replace('/', '\\') : p).ToList();
        if (parts.Count == 0)
        {
            return "";
        }
        var joined = parts[0];
        foreach (var part in parts.Skip(1))
        {
            joined = joined.EndsWith(separator) ? joined + part.TrimStart(separator) : joined + separator + part.TrimStart(separator);
        }
        return joined;
    }
}
