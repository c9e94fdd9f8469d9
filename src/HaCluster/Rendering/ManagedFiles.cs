namespace HaCluster.Rendering;

/// <summary>A file hactl owns on a host: where it lives and the mode it is written with (octal).</summary>
internal sealed record ManagedFile(string Path, string Mode);

/// <summary>Every file hactl writes, with its mode, in one place.</summary>
internal static class ManagedFiles
{
    public static readonly ManagedFile HaproxyConfig = new("/etc/haproxy/haproxy.cfg", "0644");

    /// <summary>Holds the VRRP auth password: readable by root only.</summary>
    public static readonly ManagedFile KeepalivedConfig = new("/etc/keepalived/keepalived.conf", "0600");

    /// <summary>Run by keepalived as root; enable_script_security refuses it unless only root can write it.</summary>
    public static readonly ManagedFile KeepalivedCheckScript = new("/etc/keepalived/check_apiserver.sh", "0755");

    /// <summary>Holds the CPLB auth password when k0s runs the VIP: readable by root only.</summary>
    public static readonly ManagedFile K0sConfig = new("/etc/k0s/k0s.yaml", "0600");

    public static readonly IReadOnlyList<ManagedFile> All = [HaproxyConfig, KeepalivedConfig, KeepalivedCheckScript, K0sConfig];

    /// <summary>HAProxy's admin socket, where backend states are read.</summary>
    public const string HaproxyAdminSocket = "/run/haproxy/admin.sock";

    /// <summary>The first line of every managed file (all of them accept # comments).</summary>
    public const string Header = "# Managed by hactl: changes are overwritten by `hactl apply`.";
}
