namespace HaCluster.Hosts;

public enum OsFamily
{
    Debian,
    Rhel,
}

/// <summary>What /etc/os-release says, and what follows from it: the family and so the package manager.</summary>
public sealed record OsInfo(string Id, string VersionId, string PrettyName, OsFamily Family)
{
    public PackageManager PackageManager => Family == OsFamily.Debian ? PackageManager.Apt : PackageManager.Dnf;

    /// <summary>Parses os-release text; null when the OS is not one hactl supports.</summary>
    public static OsInfo? Parse(string osRelease, out string description)
    {
        ArgumentNullException.ThrowIfNull(osRelease);
        var fields = osRelease.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim('"', '\''), StringComparer.Ordinal);
        var id = fields.GetValueOrDefault("ID", "");
        var like = fields.GetValueOrDefault("ID_LIKE", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        description = fields.GetValueOrDefault("PRETTY_NAME", id.Length > 0 ? id : "unknown OS");
        string[] ids = [id, .. like];
        OsFamily? family =
            ids.Any(i => i is "debian" or "ubuntu") ? OsFamily.Debian
            : ids.Any(i => i is "rhel" or "centos" or "fedora" or "rocky" or "almalinux" or "ol" or "amzn") ? OsFamily.Rhel
            : null;
        return family is { } f ? new OsInfo(id, fields.GetValueOrDefault("VERSION_ID", ""), description, f) : null;
    }
}
