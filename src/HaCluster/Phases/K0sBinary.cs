using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Getting a new k0s binary onto a host without touching a running k0s: the file is staged beside the live one
/// (<see cref="K0sPaths.StagedBinary"/>), and swapped in by one rename when nothing runs it, checked to be the expected
/// version first. The version record (<see cref="K0sPaths.VersionRecord"/>) is rewritten with the swap.
/// </summary>
internal static class K0sBinary
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

    // The binary's identity (K0sPaths.BinaryIdentityFormat), its version and its SHA-256, as the facts script reads them.
    // $hash, when set, is the content's hash already checked in this run (see SwapAsync); otherwise it is read here.
    private const string RecordScript = RemoteUpload.Sha256Function + """
        mkdir -p -- "$(dirname -- "$record")"
        tmp=$(mktemp -- "$record.hactl-XXXXXX")
        trap 'rm -f -- "$tmp"' EXIT
        identified=$(stat -c "$identity" -- "$live")
        if [ -z "$hash" ]; then hash=$(sha256_of "$live"); fi
        printf '%s\n%s\n%s\n' "$identified" "$version" "$hash" > "$tmp"
        mv -f -- "$tmp" "$record"
        trap - EXIT
        """;

    // Without a staged file the live binary must already be the expected one (swapped by an earlier, interrupted run).
    private const string SwapScript = """
        set -e
        staged=$1; live=$2; record=$3; identity=$4; expected=$5; hash=
        bin=$live; [ -e "$staged" ] && bin=$staged && hash=$6
        version=$("$bin" version)
        if [ -n "$expected" ] && [ "$version" != "$expected" ]; then
          echo "$bin is k0s $version, not the expected $expected" >&2
          exit 1
        fi
        [ "$bin" = "$live" ] || mv -f -- "$staged" "$live"

        """ + RecordScript;

    private const string RecordOnlyScript = """
        set -e
        live=$1; record=$2; identity=$3; hash=
        version=$("$live" version)

        """ + RecordScript;

    /// <summary>
    /// Uploads the file from this machine to the staging path, streamed from disk (each upload opens the file; none
    /// holds it in memory), refused on the host before the rename unless it arrived as <paramref name="sha256"/>.
    /// </summary>
    public static async Task StageUploadAsync(HostWriter writer, string localPath, string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var content = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        await writer.UploadCheckedAsync(content, sha256, K0sPaths.StagedBinary, K0sPaths.BinaryMode, cancellationToken);
    }

    /// <summary>Downloads the release for the host's architecture to the staging path, on the host.</summary>
    public static Task StageDownloadAsync(HostWriter writer, GatheredHost host, K0sVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(host);
        var url = $"https://github.com/k0sproject/k0s/releases/download/{version}/k0s-{version}-{GoArch(host.Facts.Arch)}";
        return writer.RunAsync(RemoteCommand.Script("download k0s", DownloadScript, url, K0sPaths.StagedBinary), cancellationToken);
    }

    /// <summary>
    /// Makes the staged binary the live one, refusing it unless it is <paramref name="expected"/> (when known).
    /// <paramref name="stagedSha256"/> is the staged file's hash when this run has checked it (the upload's check, or the
    /// survey's hash of a file staged before): the record takes it instead of hashing the binary again.
    /// </summary>
    public static Task SwapAsync(HostWriter writer, K0sVersion? expected, string? stagedSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.RunAsync(RemoteCommand.Script("swap in the staged k0s binary", SwapScript,
            K0sPaths.StagedBinary, K0sPaths.Binary, K0sPaths.VersionRecord, K0sPaths.BinaryIdentityFormat, expected?.ToString() ?? "",
            stagedSha256 ?? ""), cancellationToken);
    }

    /// <summary>Records the live binary's version, for a binary hactl did not swap in itself.</summary>
    public static Task RecordAsync(HostWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.RunAsync(RemoteCommand.Script("record k0s version", RecordOnlyScript,
            K0sPaths.Binary, K0sPaths.VersionRecord, K0sPaths.BinaryIdentityFormat), cancellationToken);
    }

    private static string GoArch(string machine) => machine switch
    {
        "x86_64" => "amd64",
        "aarch64" or "arm64" => "arm64",
        var other when other.StartsWith("arm", StringComparison.Ordinal) => "arm",
        var other => other,
    };
}
