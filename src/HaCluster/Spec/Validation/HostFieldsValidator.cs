namespace HaCluster.Spec.Validation;

/// <summary>Per-host details k0sctl also checks (install flags, uploaded files, local binaries) and fields hactl ignores.</summary>
internal sealed class HostFieldsValidator : ISpecValidator
{
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (host, path) in context.Hosts)
        {
            for (var i = 0; i < host.InstallFlags.Count; i++)
            {
                CheckInstallFlag(context, host.InstallFlags[i], $"{path}.installFlags[{i}]");
                CheckFlagHactlSets(context, host, host.InstallFlags[i], $"{path}.installFlags[{i}]");
            }
            for (var i = 0; i < host.Files.Count; i++)
            {
                CheckFile(context, host.Files[i], $"{path}.files[{i}]");
            }
            if (host.K0sBinaryPath is { } binary)
            {
                var resolved = context.Environment.Paths.Resolve(binary);
                if (!context.Environment.FileExists(resolved))
                {
                    context.Error($"{path}.k0sBinaryPath", $"file not found: {resolved}");
                }
            }
            WarnIgnored(context, host, path);
        }
    }

    private static void CheckInstallFlag(ValidationContext context, string flag, string path)
    {
        if (!flag.StartsWith('-'))
        {
            context.Error(path, $"'{flag}' is not a flag: k0s install flags start with -, e.g. --debug");
        }
        if (!QuotesBalance(flag))
        {
            context.Error(path, $"unbalanced quotes in '{flag}'");
        }
    }

    /// <summary>
    /// hactl gives k0s install its own --config (the k0s.yaml it renders, on controllers) and --token-file (the join
    /// token it writes, on joining hosts). A second one from installFlags would win or make the first host try to join.
    /// </summary>
    private static void CheckFlagHactlSets(ValidationContext context, HostSpec host, string flag, string path)
    {
        var name = InstallFlag.Parse(flag).Name;
        if (host.Role == Roles.LoadBalancer || name is not ("--config" or "-c" or "--token-file"))
        {
            return;
        }
        if (name == "--token-file")
        {
            context.Error(path, "--token-file is hactl's: it creates each joining host's token and passes it itself; remove the flag");
        }
        else if (RoleRules.IsController(host.Role))
        {
            context.Error(path, $"{name} is hactl's: it points k0s at the k0s.yaml it renders from spec.k0s.config; " +
                "put the settings in spec.k0s.config and remove the flag");
        }
    }

    /// <summary>k0sctl's rule: every ' and " not escaped by a backslash comes in pairs.</summary>
    internal static bool QuotesBalance(string flag)
    {
        int single = 0, dbl = 0;
        for (var i = 0; i < flag.Length; i++)
        {
            if (i > 0 && flag[i - 1] == '\\')
            {
                continue;
            }
            single += flag[i] == '\'' ? 1 : 0;
            dbl += flag[i] == '"' ? 1 : 0;
        }
        return single % 2 == 0 && dbl % 2 == 0;
    }

    private static void CheckFile(ValidationContext context, FileSpec file, string path)
    {
        var hasData = !string.IsNullOrWhiteSpace(file.Data);
        if (file.Src is null && !hasData)
        {
            context.Error(path, "src or data is required");
        }
        if (file.Dst is null && file.DstDir is null)
        {
            context.Error(path, "dst or dstDir is required");
        }
        if (hasData && file.Name is null && file.Dst is null)
        {
            context.Error(path, "name or dst is required for data");
        }
        foreach (var (field, perm) in new[] { ("perm", file.Perm), ("dirPerm", file.DirPerm) })
        {
            if (perm is not null && !IsOctalMode(perm))
            {
                context.Error($"{path}.{field}", $"'{perm}' is not an octal file mode such as 0644");
            }
        }
        if (file.Src is { } src && IsPlainLocalPath(src))
        {
            var resolved = context.Environment.Paths.Resolve(src);
            if (!context.Environment.FileExists(resolved) && !context.Environment.DirectoryExists(resolved))
            {
                context.Error($"{path}.src", $"file not found: {resolved}");
            }
        }
    }

    private static bool IsOctalMode(string perm) => perm.Length is >= 3 and <= 5 && perm.All(c => c is >= '0' and <= '7');

    // URLs are fetched on the host and globs expanded at upload; only plain paths can be checked now.
    private static bool IsPlainLocalPath(string src) =>
        !src.Contains("://", StringComparison.Ordinal) && src.IndexOfAny(['*', '?', '[', '{', '%']) < 0;

    private static void WarnIgnored(ValidationContext context, HostSpec host, string path)
    {
        if (host.Reset)
        {
            context.Warning($"{path}.reset",
                "reset is ignored: remove a controller with 'hactl eject-controller', a whole cluster with 'hactl reset'");
        }
        var unsupported = new[]
        {
            ("useExistingK0s", host.UseExistingK0s),
            ("k0sInstallPath", host.K0sInstallPath is not null),
            ("k0sDownloadURL", host.K0sDownloadUrl is not null),
        };
        foreach (var (field, _) in unsupported.Where(u => u.Item2))
        {
            context.Warning($"{path}.{field}", $"{field} is not supported by hactl and is ignored");
        }
        // Read and validated as k0sctl files write them, but no phase of apply acts on them yet.
        if (host.Environment.Count > 0)
        {
            context.Warning($"{path}.environment", "environment is not applied by hactl yet: k0s on this host runs without these variables");
        }
        if (host.Files.Count > 0)
        {
            context.Warning($"{path}.files", "files are not uploaded by hactl yet: apply leaves them out");
        }
        if (host.Role != Roles.LoadBalancer)
        {
            return;
        }
        var k0sOnly = new[]
        {
            ("installFlags", host.InstallFlags.Count > 0),
            ("k0sBinaryPath", host.K0sBinaryPath is not null),
            ("uploadBinary", host.UploadBinary),
        };
        foreach (var (field, _) in k0sOnly.Where(k => k.Item2))
        {
            context.Warning($"{path}.{field}", $"{field} is ignored on a loadbalancer host: it runs no k0s");
        }
    }
}
