using K0sStandIn.Cli;

namespace K0sStandIn.Install;

/// <summary>The service's arguments from an install command line, as k0s's cmdFlagsToArgs builds them.</summary>
internal static class InstallArguments
{
    private static readonly string[] Dropped = ["force", "start", "env", "help"];
    private static readonly string[] PathFlags = ["data-dir", "kubelet-root-dir", "token-file", "config"];

    /// <summary><c>role --name=value …</c>: every set flag sorted by name, paths made absolute.</summary>
    public static IReadOnlyList<string> For(string role, ParsedArgs args)
    {
        var arguments = new List<string> { role };
        foreach (var flag in args.SetFlags.Where(f => !Dropped.Contains(f.Spec.Name)))
        {
            var value = flag.Rendered;
            if (PathFlags.Contains(flag.Spec.Name) && value != "-")
            {
                value = Path.GetFullPath(value);
            }

            arguments.Add($"--{flag.Spec.Name}={value}");
        }

        return arguments;
    }
}
