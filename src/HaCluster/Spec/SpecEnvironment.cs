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

    /// <summary>The real disk; variables from the process unless given (HOME among them, for <c>~</c>).</summary>
    public static SpecEnvironment FromProcess(string baseDirectory, Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        return new SpecEnvironment
        {
            GetVariable = getVariable,
            FileExists = File.Exists,
            DirectoryExists = Directory.Exists,
            HomeDirectory = getVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            BaseDirectory = baseDirectory,
        };
    }

    public LocalPaths Paths => new(BaseDirectory, HomeDirectory);
}

/// <summary>Turns a local path as written (<c>~/.ssh/id</c>, <c>bin/k0s</c>) into an absolute one. Pure string work.</summary>
public sealed record LocalPaths(string BaseDirectory, string HomeDirectory)
{
    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "~")
        {
            return HomeDirectory;
        }
        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            return Path.Combine(HomeDirectory, path[2..]);
        }
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
    }
}
