using HaCluster.Model;

namespace HaCluster.Remote;

/// <summary>The transport choice of a run with what this machine offers: everything resolution needs besides the host.</summary>
public sealed record TransportSetting(TransportChoice Choice, LocalSsh Local);

/// <summary>
/// Why a host cannot be reached the way it was asked: the field of its <c>openSSH:</c> block at fault ("" for the
/// block itself) and the rule.
/// </summary>
public sealed record TransportProblem(string Field, string Message);

/// <summary>Which transport reaches one host, or why none can.</summary>
public sealed record TransportResolution(TransportKind? Kind, IReadOnlyList<TransportProblem> Problems)
{
    public static TransportResolution Use(TransportKind kind) => new(kind, []);
}

/// <summary>
/// Picks each host's transport: the choice, the host's connection block, the OpenSSH-only settings it uses and what
/// this machine offers. Pure, so every combination is unit-tested.
/// </summary>
public static class TransportResolver
{
    /// <summary>The openSSH: fields only the ssh client can honour; SSH.NET has no ssh_config and no -o.</summary>
    public const string ConfigPath = "configPath";
    public const string Options = "options";

    public static TransportResolution Resolve(TransportSetting setting, ConnectionBlock block, IReadOnlyCollection<string> openSshOnlySettings)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(openSshOnlySettings);
        return (setting.Choice, block) switch
        {
            (TransportChoice.OpenSsh, _) => TransportResolution.Use(TransportKind.OpenSsh),
            (TransportChoice.SshNet, ConnectionBlock.OpenSsh) when openSshOnlySettings.Count > 0 => new(null,
                [.. openSshOnlySettings.Select(field => new TransportProblem(field,
                    $"{field} needs the OpenSSH client, and --transport sshnet (or HACTL_TRANSPORT) asks for SSH.NET: " +
                    $"remove {field}, or use --transport auto or openssh"))]),
            (TransportChoice.SshNet, _) => TransportResolution.Use(TransportKind.SshNet),
            (_, ConnectionBlock.OpenSsh) when !setting.Local.OpenSshUsable => new(null,
                [new TransportProblem("", $"an openSSH: block always uses the OpenSSH client, and here {setting.Local.OpenSshUnavailableReason}: " +
                    "install OpenSSH, or use an ssh: block or --transport sshnet")]),
            _ => TransportResolution.Use(setting.Local.OpenSshUsable ? TransportKind.OpenSsh : TransportKind.SshNet),
        };
    }

    /// <summary>Why the choice itself cannot work on this machine (openssh where there is none); null when it can.</summary>
    public static string? ChoiceProblem(TransportSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting.Choice == TransportChoice.OpenSsh && !setting.Local.OpenSshUsable
            ? $"--transport openssh: {setting.Local.OpenSshUnavailableReason}; use --transport sshnet or auto"
            : null;
    }

    /// <summary>The OpenSSH-only settings a host's connection uses.</summary>
    public static IReadOnlyList<string> OpenSshOnlySettings(string? configPath, int optionCount) =>
        [.. new[] { configPath is null ? null : ConfigPath, optionCount > 0 ? Options : null }.OfType<string>()];

    /// <summary>Every host's transport; the model must come from a config validated with the same setting.</summary>
    public static TransportPlan Plan(ClusterModel cluster, TransportSetting setting)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new TransportPlan([.. cluster.Hosts.Select(host =>
        {
            var c = host.Connection;
            var resolution = Resolve(setting, c.Block, OpenSshOnlySettings(c.ConfigPath, c.Options.Count));
            return (host, resolution.Kind ?? throw new InvalidOperationException(
                $"{host.Name}: {resolution.Problems[0].Message}; validate the config with the same transport first"));
        })]);
    }
}
