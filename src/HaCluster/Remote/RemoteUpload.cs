namespace HaCluster.Remote;

/// <summary>The one upload every transport uses: content on the command's stdin, written beside the target, renamed into place.</summary>
internal static class RemoteUpload
{
    /// <summary>
    /// A shell function, `sha256_of FILE`, printing the file's SHA-256 in lowercase hex; it fails when nothing can hash.
    /// openssl hashes with the CPU's SHA instructions, about four times cheaper than coreutils' sha256sum (the fallback
    /// where openssl is missing): a 16 MB binary costs 0.02 s of the host's CPU instead of 0.07 s.
    /// </summary>
    internal const string Sha256Function = """
        sha256_of() { sha256_got=$(openssl dgst -sha256 -r < "$1" 2>/dev/null || sha256sum < "$1") && echo "${sha256_got%% *}"; }

        """;

    // Values travel as positional parameters; the temp file sits beside the target so the rename is atomic. With an
    // expected sha256 ($4), content that arrived different (cut short, or a local file that changed) is never renamed.
    private const string Script = """
        set -e
        """ + "\n" + Sha256Function + """
        dst=$1; mode=$2; owner=$3; sha=$4
        mkdir -p -- "$(dirname -- "$dst")"
        tmp=$(mktemp -- "$dst.hactl-XXXXXX")
        trap 'rm -f -- "$tmp"' EXIT
        cat > "$tmp"
        if [ -n "$sha" ]; then
          got=$(sha256_of "$tmp")
          if [ "$got" != "$sha" ]; then echo "$dst: the upload arrived with sha256 $got, not $sha" >&2; exit 1; fi
        fi
        chmod -- "$mode" "$tmp"
        if [ -n "$owner" ]; then chown -- "$owner" "$tmp"; fi
        mv -f -- "$tmp" "$dst"
        trap - EXIT
        """;

    /// <summary>The command that writes stdin to <paramref name="path"/>; with <paramref name="sha256"/>, only content of that hash.</summary>
    public static RemoteCommand Command(string path, string mode, string? owner, string? sha256) =>
        RemoteCommand.Script("write file", Script, path, mode, owner ?? "", sha256 ?? "");
}
