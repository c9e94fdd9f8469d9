using HaCluster.Local;

namespace HaCluster.Remote;

/// <summary>What this machine offers the OpenSSH transport: an ssh client on PATH, and an OS with unix sockets for its masters.</summary>
public sealed record LocalSsh(bool SshOnPath, bool IsWindows)
{
    /// <summary>Whether hactl can drive the system ssh here: Windows' ssh has no ControlMaster sockets.</summary>
    public bool OpenSshUsable => SshOnPath && !IsWindows;

    /// <summary>Why OpenSSH cannot be used here, for messages; null when it can.</summary>
    public string? OpenSshUnavailableReason => (SshOnPath, IsWindows) switch
    {
        (_, true) => "OpenSSH's ControlMaster connections do not exist on Windows",
        (false, _) => "no ssh client on PATH",
        _ => null,
    };

    /// <summary>This machine, with PATH from <paramref name="getVariable"/> (tests pass their own).</summary>
    public static LocalSsh Detect(Func<string, string?> getVariable, Func<string, bool> fileExists, string program = "ssh")
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var isWindows = OperatingSystem.IsWindows();
        return new LocalSsh(IsOnPath(program, getVariable("PATH"), isWindows, fileExists), isWindows);
    }

    /// <summary>Whether a program of that name is in one of PATH's directories (with .exe on Windows).</summary>
    public static bool IsOnPath(string program, string? path, bool isWindows, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(fileExists);
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }
        var separator = isWindows ? ';' : ':';
        var name = isWindows && !program.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? program + ".exe" : program;
        return path.Split(separator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => fileExists(PlatformPaths.Join(isWindows, directory, name)));
    }
}
