namespace HaCluster.K0s;

/// <summary>Where k0s keeps things on a host (k0s-contract.md, "General behaviour").</summary>
public static class K0sPaths
{
    public const string Binary = "/usr/local/bin/k0s";
    public const string BinaryMode = "0750";

    /// <summary>
    /// A new binary waits here, beside the live one (same filesystem, so the swap is one rename), until its host's turn
    /// in a rolling upgrade: a running k0s keeps its binary until it is stopped.
    /// </summary>
    public const string StagedBinary = "/usr/local/bin/k0s.hactl-staged";
    public const string Config = "/etc/k0s/k0s.yaml";

    /// <summary>
    /// The installed binary's version and SHA-256, recorded by apply beside the binary's identity: gathering facts reads
    /// them instead of starting `k0s version` and hashing the binary (a real k0s is ~250 MB) on every run, and asks the
    /// binary again once its identity has changed.
    /// </summary>
    public const string VersionRecord = "/var/lib/hactl/k0s-version";

    /// <summary>
    /// The binary's identity in the version record: inode, size, mtime and ctime, as `stat -c` prints them. Every write,
    /// rename and chmod sets the ctime and nothing can set it back, so a binary rewritten in place under its old size
    /// and mtime still shows as changed.
    /// </summary>
    public const string BinaryIdentityFormat = "%i %s %Y %Z";

    public const string TokenFile = "/etc/k0s/k0stoken";
    public const string DefaultDataDir = "/var/lib/k0s";
    public const string ControllerUnit = "k0scontroller";
    public const string WorkerUnit = "k0sworker";

    public static readonly string[] Units = [ControllerUnit, WorkerUnit];

    /// <summary>Where `k0s install` writes its units.</summary>
    public const string UnitDirectory = "/etc/systemd/system";

    public static string UnitFile(string unit) => $"{UnitDirectory}/{unit}.service";
    public const int ApiPort = 6443;
    public const int JoinApiPort = 9443;

    /// <summary>k0s's PKI directory under its data dir.</summary>
    public static string Pki(string dataDir) => $"{dataDir}/pki";

    public static string AdminKubeconfig(string dataDir) => $"{Pki(dataDir)}/admin.conf";
}
