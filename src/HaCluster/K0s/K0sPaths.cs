namespace HaCluster.K0s;

/// <summary>Where k0s keeps things on a host (k0s-contract.md, "General behaviour").</summary>
public static class K0sPaths
{
    public const string Binary = "/usr/local/bin/k0s";
    public const string BinaryMode = "0750";
    public const string Config = "/etc/k0s/k0s.yaml";
    public const string TokenFile = "/etc/k0s/k0stoken";
    public const string DefaultDataDir = "/var/lib/k0s";
    public const string ControllerUnit = "k0scontroller";
    public const string WorkerUnit = "k0sworker";
    public const int ApiPort = 6443;
    public const int JoinApiPort = 9443;

    public static string AdminKubeconfig(string dataDir) => $"{dataDir}/pki/admin.conf";
}
