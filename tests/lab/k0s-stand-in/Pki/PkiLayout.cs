using K0sStandIn.Config;

namespace K0sStandIn.Pki;

/// <summary>Where k0s keeps its certificates under &lt;data-dir&gt;/pki (base paths, without .crt/.key).</summary>
internal sealed record PkiLayout(K0sVars Vars)
{
    public string ClusterCa => Path.Combine(Vars.CertRootDir, "ca");
    public string ServiceAccountKey => Path.Combine(Vars.CertRootDir, "sa.key");
    public string ServiceAccountPub => Path.Combine(Vars.CertRootDir, "sa.pub");
    public string ApiServer => Path.Combine(Vars.CertRootDir, "server");
    public string Admin => Path.Combine(Vars.CertRootDir, "admin");
    public string EtcdClient => Path.Combine(Vars.CertRootDir, "apiserver-etcd-client");
    public string EtcdCa => Path.Combine(Vars.EtcdCertDir, "ca");
    public string EtcdServer => Path.Combine(Vars.EtcdCertDir, "server");
    public string EtcdPeer => Path.Combine(Vars.EtcdCertDir, "peer");

    public static bool Exists(string basePath) => File.Exists(basePath + ".crt") && File.Exists(basePath + ".key");
}
