using HaCluster.Local;
using HaCluster.Remote;

namespace HaCluster.Spec;

/// <summary>
/// What reading and validating a config may ask of the outside world: environment variables for
/// <c>${VAR}</c>, and the local files that keyPath and k0sBinaryPath name. Tests pass their own.
/// </summary>
public sealed record SpecEnvironment
{
    public required Func<string, string?> GetVariable { get; init; }
    public required Func<string, bool> FileExists { get; init; }
    public Func<string, bool> DirectoryExists { get; init; } = _ => false;
    /// <summary>What <c>~</c> expands to.</summary>
    public required string HomeDirectory { get; init; }
    /// <summary>Relative local paths resolve against this: the config file's directory, or the working directory for stdin.</summary>
    public required string BaseDirectory { get; init; }
    /// <summary>
    /// The transport the run will use, for the rules that depend on it (openSSH-only settings under SSH.NET); null
    /// (validate, render) checks none.
    /// </summary>
    public TransportSetting? Transport { get; init; }

    /// <summary>The real disk; variables from the process unless given (HOME among them, for <c>~</c>).</summary>
    public static SpecEnvironment FromProcess(string baseDirectory, Func<string, string?>? getVariable = null, TransportSetting? transport = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return new SpecEnvironment
        {
            GetVariable = getVariable,
            FileExists = File.Exists,
            DirectoryExists = Directory.Exists,
            HomeDirectory = getVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            BaseDirectory = baseDirectory,
            Transport = transport,
        };
    }

    public LocalPaths Paths => new(BaseDirectory, HomeDirectory);
}

/// <summary>Turns a local path as written (<c>~/.ssh/id</c>, <c>bin/k0s</c>) into an absolute one. Pure string work.</summary>
public sealed record LocalPaths(string BaseDirectory, string HomeDirectory)
{
    /// <summary>Whether <c>~\</c> is home too, as on Windows.</summary>
    public bool IsWindows { get; init; } = OperatingSystem.IsWindows();

    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (PlatformPaths.IsUnderHome(path, IsWindows))
        {
            return PlatformPaths.ExpandHome(path, HomeDirectory, IsWindows);
        }
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
    }
}
