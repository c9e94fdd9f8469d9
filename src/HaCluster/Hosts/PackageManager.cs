using HaCluster.Remote;

namespace HaCluster.Hosts;

/// <summary>The commands that differ between OS families.</summary>
public sealed record PackageManager(string Name, Func<IReadOnlyList<string>, RemoteCommand> Install)
{
    public static readonly PackageManager Apt = new("apt", packages => RemoteCommand.Script(
        "apt-get install",
        "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends \"$@\"",
        [.. packages]));

    public static readonly PackageManager Dnf = new("dnf", packages => RemoteCommand.Exec("dnf", ["install", "-y", .. packages]));
}
