using System.Text.Json.Serialization;

namespace K0sStandIn.Config;

/// <summary>k0s's CfgVars: every path derived from the data dir (and the run dir, /run/k0s when root).</summary>
internal sealed record K0sVars
{
    public const string DefaultDataDir = "/var/lib/k0s";

    public string AdminKubeConfigPath => Path.Combine(CertRootDir, "admin.conf");
    public string BinDir => Path.Combine(DataDir, "bin");
    public string CertRootDir => Path.Combine(DataDir, "pki");
    public required string DataDir { get; set; }
    public string KubeletRootDir { get; set; } = "";
    public string EtcdCertDir => Path.Combine(CertRootDir, "etcd");
    public string EtcdDataDir => Path.Combine(DataDir, "etcd");
    public string KineSocketPath => Path.Combine(RunDir, "kine", "kine.sock:2379");
    public string KonnectivitySocketDir => Path.Combine(RunDir, "konnectivity-server");
    public string KubeletAuthConfigPath => Path.Combine(DataDir, "kubelet.conf");
    public string KubeletVolumePluginDir { get; set; } = "/usr/libexec/k0s/kubelet-plugins/volume/exec";
    public string ManifestsDir => Path.Combine(DataDir, "manifests");
    public required string RunDir { get; set; }
    public string KonnectivityKubeConfigPath => Path.Combine(CertRootDir, "konnectivity.conf");
    public string OCIBundleDir => Path.Combine(DataDir, "images");
    public string DefaultStorageType { get; set; } = "etcd";
    public string RuntimeConfigPath => Path.Combine(RunDir, "k0s.yaml");
    public required string StatusSocketPath { get; set; }
    public string StartupConfigPath { get; set; } = ConfigLoader.DefaultPath;
    public bool EnableDynamicConfig { get; set; }
    public string HelmHome => Path.Combine(DataDir, "helmhome");
    public string HelmRepositoryCache => Path.Combine(HelmHome, "cache");
    public string HelmRepositoryConfig => Path.Combine(HelmHome, "repositories.yaml");

    [JsonIgnore]
    public string LockPath => Path.Combine(RunDir, "k0s.lock");

    [JsonIgnore]
    public string EtcdDatabasePath => Path.Combine(EtcdDataDir, "member", "snap", "db");

    public static K0sVars For(string? dataDir, string? statusSocket = null, string? configPath = null, bool single = false)
    {
        var data = Path.GetFullPath(string.IsNullOrEmpty(dataDir) ? DefaultDataDir : dataDir);
        var run = Environment.IsPrivilegedProcess ? "/run/k0s" : Path.Combine(data, "run");
        return new K0sVars
        {
            DataDir = data,
            RunDir = run,
            KubeletRootDir = Path.Combine(data, "kubelet"),
            StatusSocketPath = string.IsNullOrEmpty(statusSocket) ? Path.Combine(run, "status.sock") : statusSocket,
            StartupConfigPath = string.IsNullOrEmpty(configPath) ? ConfigLoader.DefaultPath : configPath,
            DefaultStorageType = single ? "kine" : "etcd",
        };
    }
}
