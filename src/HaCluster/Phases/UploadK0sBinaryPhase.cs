using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Puts the k0s binary on every k0s host: uploaded from this machine (uploadBinary + k0sBinaryPath) when its hash
/// differs, or downloaded on the host when none is installed. Then records its version (K0sPaths.VersionRecord) when
/// the record does not match the binary, so later runs need not start k0s to learn it.
/// </summary>
public sealed class UploadK0sBinaryPhase : Phase<GatheredCluster>
{
    private const string DownloadScript = """
        set -e
        url=$1; dst=$2
        tmp=$(mktemp -- "$dst.hactl-XXXXXX")
        trap 'rm -f -- "$tmp"' EXIT
        curl -sSLf --retry 3 -o "$tmp" -- "$url"
        chmod 0750 "$tmp"
        mv -f -- "$tmp" "$dst"
        trap - EXIT
        """;

    // The version beside the binary's identity (inode, size, mtime), as the facts script compares it.
    private const string RecordVersionScript = """
        set -e
        bin=$1; record=$2; identity=$3
        version=$("$bin" version)
        mkdir -p -- "$(dirname -- "$record")"
        tmp=$(mktemp -- "$record.hactl-XXXXXX")
        trap 'rm -f -- "$tmp"' EXIT
        printf '%s\n%s\n' "$(stat -c "$identity" "$bin")" "$version" > "$tmp"
        mv -f -- "$tmp" "$record"
        trap - EXIT
        """;

    public override string Title => "Install k0s binary";

    public override Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(cluster.Hosts.Where(h => h.Host.Role != HostRole.LoadBalancer), async (host, token) =>
        {
            await InstallAsync(context, host, token);
            if (host.Changed.Binary || !host.Facts.K0sVersionRecorded)
            {
                await context.ChangeAsync(host.Session, $"record the k0s version in {K0sPaths.VersionRecord}",
                    (w, t) => w.RunAsync(RemoteCommand.Script("record k0s version", RecordVersionScript, K0sPaths.Binary, K0sPaths.VersionRecord, K0sPaths.BinaryIdentityFormat), t), token);
            }
        }, cancellationToken);

    private static async Task InstallAsync(RunContext context, GatheredHost host, CancellationToken token)
    {
        if (host.Host.UploadBinary && host.Host.K0sBinaryPath is { } localPath)
        {
            var content = await File.ReadAllBytesAsync(localPath, token);
            if (HostFiles.Differs(host, K0sPaths.Binary, content))
            {
                await context.ChangeAsync(host.Session, $"upload k0s binary {Path.GetFileName(localPath)} ({content.Length / 1024} KiB)",
                    (w, t) => w.UploadAsync(content, K0sPaths.Binary, K0sPaths.BinaryMode, t), token);
                host.Changed.BinaryReplaced();
            }
        }
        else if (host.Facts.K0sVersion is null)
        {
            var version = context.Cluster.K0s.Version
                ?? throw new HostException(host.Name, "no k0s installed and spec.k0s.version is not set: set it, or uploadBinary with k0sBinaryPath");
            var url = $"https://github.com/k0sproject/k0s/releases/download/{version}/k0s-{version}-{GoArch(host.Facts.Arch)}";
            await context.ChangeAsync(host.Session, $"download k0s {version}",
                (w, t) => w.RunAsync(RemoteCommand.Script("download k0s", DownloadScript, url, K0sPaths.Binary), t), token);
            host.Changed.BinaryReplaced();
        }
    }

    private static string GoArch(string machine) => machine switch
    {
        "x86_64" => "amd64",
        "aarch64" or "arm64" => "arm64",
        var other when other.StartsWith("arm", StringComparison.Ordinal) => "arm",
        var other => other,
    };
}
