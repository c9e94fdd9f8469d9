using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;

namespace HaCluster.Remote;

/// <summary>What known_hosts says of a host's key.</summary>
public enum HostKeyStatus
{
    /// <summary>No key of that type for the host.</summary>
    Unknown,
    /// <summary>known_hosts holds this very key for the host.</summary>
    Known,
    /// <summary>The host has keys of that type, none of them this one.</summary>
    Changed,
    /// <summary>The key is marked <c>@revoked</c>.</summary>
    Revoked,
}

/// <summary>A line's marker: none for a plain host key.</summary>
public enum KnownHostsMarker
{
    None,
    Revoked,
    CertAuthority,
}

/// <summary>One key line of a known_hosts file; <paramref name="Hosts"/> is the host field as written (patterns, or a hash).</summary>
public sealed record KnownHostsEntry(int LineNumber, KnownHostsMarker Marker, string Hosts, string KeyType, ReadOnlyMemory<byte> Key, string? Comment)
{
    private const string HashMagic = "|1|";

    /// <summary>Whether the entry is for <paramref name="name"/> (a host, or <c>[host]:port</c>), as OpenSSH's match_hostname decides.</summary>
    public bool Matches(string name)
    {
        if (Hosts.StartsWith(HashMagic, StringComparison.Ordinal))
        {
            // Validated when parsed: |1|salt|hmac, both 20 bytes.
            var parts = Hosts[HashMagic.Length..].Split('|');
            var salt = Convert.FromBase64String(parts[0]);
            return CryptographicOperations.FixedTimeEquals(KnownHosts.Hash(salt, name), Convert.FromBase64String(parts[1]));
        }
        // A matching negated pattern rules the whole line out, whatever else matches.
        var matched = false;
        foreach (var pattern in Hosts.Split(','))
        {
            var negated = pattern.StartsWith('!');
            if (FileSystemName.MatchesSimpleExpression(negated ? pattern[1..] : pattern, name, ignoreCase: true))
            {
                if (negated)
                {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }
}

/// <summary>A line of a known_hosts file that was skipped, and why.</summary>
public sealed record KnownHostsProblem(int LineNumber, string Reason)
{
    public override string ToString() => $"line {LineNumber}: {Reason}";
}

/// <summary>
/// An OpenSSH known_hosts file (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): read, asked about a host's key, appended to.
/// Lines it cannot read are skipped and reported, as ssh does, so one bad line never hides the rest of the file.
/// </summary>
public sealed class KnownHosts
{
    private const int HashBytes = 20;

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // The connections of one run record their hosts in parallel; each appends its line alone.
    private static readonly Lock AppendLock = new();

    private KnownHosts(IReadOnlyList<KnownHostsEntry> entries, IReadOnlyList<KnownHostsProblem> skipped)
    {
        Entries = entries;
        Skipped = skipped;
    }

    public IReadOnlyList<KnownHostsEntry> Entries { get; }

    /// <summary>Lines that are neither keys, comments nor blank, with their line numbers.</summary>
    public IReadOnlyList<KnownHostsProblem> Skipped { get; }

    /// <summary>The file at <paramref name="path"/>; one that does not exist yet knows no hosts.</summary>
    public static KnownHosts Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Parse("");

    public static KnownHosts Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<KnownHostsEntry>();
        var skipped = new List<KnownHostsProblem>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (ParseLine(lineNumber, line, out var reason) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                skipped.Add(new KnownHostsProblem(lineNumber, reason));
            }
        }
        return new KnownHosts(entries, skipped);
    }

    /// <summary>The name known_hosts files a host under: the host itself on port 22, <c>[host]:port</c> otherwise.</summary>
    public static string HostName(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        // ssh lowercases the host it connects to before looking it up or hashing it.
        var lower = host.ToLowerInvariant();
        return port == 22 ? lower : $"[{lower}]:{port}";
    }

    /// <summary>
    /// What the file says of <paramref name="key"/> (a public key blob of type <paramref name="keyType"/>, the key's own
    /// type such as <c>ssh-rsa</c>, not a signature algorithm) offered by the host. <c>@cert-authority</c> lines play no part.
    /// </summary>
    public HostKeyStatus Check(string host, int port, string keyType, ReadOnlySpan<byte> key)
    {
        var name = HostName(host, port);
        var sameType = false;
        var known = false;
        foreach (var entry in Entries)
        {
            if (entry.Marker == KnownHostsMarker.CertAuthority || !entry.Matches(name))
            {
                continue;
            }
            var equal = entry.Key.Span.SequenceEqual(key);
            if (entry.Marker == KnownHostsMarker.Revoked)
            {
                // Revoked wins over any line that knows the key.
                if (equal)
                {
                    return HostKeyStatus.Revoked;
                }
                continue;
            }
            if (entry.KeyType == keyType)
            {
                sameType = true;
                known |= equal;
            }
        }
        return known ? HostKeyStatus.Known : sameType ? HostKeyStatus.Changed : HostKeyStatus.Unknown;
    }

    /// <summary>The key types the file holds for the host, in the file's order: the host key algorithms to offer first.</summary>
    public IReadOnlyList<string> KeyTypesFor(string host, int port)
    {
        var name = HostName(host, port);
        return Entries.Where(entry => entry.Marker == KnownHostsMarker.None && entry.Matches(name))
            .Select(entry => entry.KeyType).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The line OpenSSH writes for a newly accepted host: its name (or, hashed, the name's HMAC), the key type, the key.</summary>
    public static string FormatEntry(string host, int port, string keyType, ReadOnlySpan<byte> key, bool hashed = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyType);
        var name = HostName(host, port);
        if (hashed)
        {
            var salt = RandomNumberGenerator.GetBytes(HashBytes);
            name = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(Hash(salt, name))}";
        }
        return $"{name} {keyType} {Convert.ToBase64String(key)}";
    }

    /// <summary>
    /// Appends the host's entry to the file as one whole line in a single write, so a reader never sees half of it; the
    /// file (0600) and its directory (0700) are made when missing.
    /// </summary>
    public static void Append(string path, string host, int port, string keyType, ReadOnlySpan<byte> key, bool hashed = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var line = FormatEntry(host, port, keyType, key, hashed) + "\n";
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }
        lock (AppendLock)
        {
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, PrivateDirectory);
                }
            }
            using var file = new FileStream(path, options);
            // A file whose last line lacks its newline (edited by hand) would swallow ours.
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                if (file.ReadByte() != '\n')
                {
                    line = "\n" + line;
                }
            }
            // Unbuffered: the line leaves in one write, at the end as it is now (another program may have appended since).
            file.Seek(0, SeekOrigin.End);
            file.Write(Encoding.UTF8.GetBytes(line));
        }
    }

    // SHA-1 because that is what OpenSSH's hashed names are; it hides names, it protects nothing.
#pragma warning disable CA5350
    internal static byte[] Hash(byte[] salt, string name) => HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350

    private static KnownHostsEntry? ParseLine(int lineNumber, string line, out string reason)
    {
        var fields = line.Split([' ', '\t'], 5, StringSplitOptions.RemoveEmptyEntries);
        var marker = KnownHostsMarker.None;
        if (fields[0].StartsWith('@'))
        {
            switch (fields[0])
            {
                case "@revoked":
                    marker = KnownHostsMarker.Revoked;
                    break;
                case "@cert-authority":
                    marker = KnownHostsMarker.CertAuthority;
                    break;
                default:
                    reason = $"unknown marker {fields[0]}";
                    return null;
            }
            fields = fields[1..];
        }
        else
        {
            fields = line.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        }
        if (fields.Length < 3)
        {
            reason = "expected hosts, a key type and a key";
            return null;
        }
        var (hosts, keyType, encoded) = (fields[0], fields[1], fields[2]);
        if (!ValidHosts(hosts))
        {
            reason = $"unreadable host field {hosts}";
            return null;
        }
        var key = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, key, out var length))
        {
            reason = "the key is not base64";
            return null;
        }
        key = key[..length];
        if (SshWire.KeyType(key) != keyType)
        {
            reason = $"the key is not a {keyType} key";
            return null;
        }
        reason = "";
        return new KnownHostsEntry(lineNumber, marker, hosts, keyType, key, fields.Length > 3 ? fields[3] : null);
    }

    private static bool ValidHosts(string hosts)
    {
        if (!hosts.StartsWith("|1|", StringComparison.Ordinal))
        {
            return hosts.Split(',').All(pattern => pattern.Length > 0 && pattern != "!");
        }
        var parts = hosts[3..].Split('|');
        return parts.Length == 2 && parts.All(part => Base64Length(part) == HashBytes);
    }

    private static int Base64Length(string text)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var length) ? length : -1;
    }
}

/// <summary>How a transport treats host keys; one policy for every transport, so both refuse and record alike.</summary>
public enum HostKeyPolicy
{
    /// <summary>Unknown hosts are accepted and recorded (StrictHostKeyChecking=accept-new).</summary>
    AcceptNew,
    /// <summary>Unknown hosts are refused (StrictHostKeyChecking=yes).</summary>
    Strict,
}

/// <summary>Whether to go on with a host's key, whether to record it in known_hosts, and if refused, why.</summary>
public sealed record HostKeyDecision(bool Accepted, bool Record, string? Refusal)
{
    /// <summary>The refusal as the failure every transport reports for it.</summary>
    public RemoteException ToException(string host) =>
        new(host, RemoteFailure.HostKeyRejected, Refusal ?? throw new InvalidOperationException("the host key was accepted"));
}

public static class HostKeyPolicies
{
    public static HostKeyPolicy From(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.StrictHostKeyChecking ? HostKeyPolicy.Strict : HostKeyPolicy.AcceptNew;
    }

    /// <summary>
    /// The one decision on a host's key: a known key is accepted; an unknown one is accepted and recorded under
    /// accept-new, refused under strict; a changed or revoked key is always refused.
    /// </summary>
    public static HostKeyDecision Decide(this HostKeyPolicy policy, HostKeyStatus status, string host, int port, string keyType, ReadOnlySpan<byte> key)
    {
        var name = KnownHosts.HostName(host, port);
        var offered = $"{keyType} key {SshWire.Fingerprint(key)}";
        return status switch
        {
            HostKeyStatus.Known => new HostKeyDecision(true, false, null),
            HostKeyStatus.Unknown when policy == HostKeyPolicy.AcceptNew => new HostKeyDecision(true, true, null),
            HostKeyStatus.Unknown => new HostKeyDecision(false, false,
                $"{name}: known_hosts has no {keyType} key for this host and strict host key checking refuses new hosts; it offered the {offered}"),
            HostKeyStatus.Changed => new HostKeyDecision(false, false,
                $"{name}: the host key has changed: it offered the {offered}, which is not the {keyType} key known_hosts holds for it " +
                $"(someone may be intercepting the connection; if the host was reinstalled, remove its old key: ssh-keygen -R '{name}')"),
            HostKeyStatus.Revoked => new HostKeyDecision(false, false, $"{name}: the host offered the {offered}, which known_hosts marks @revoked"),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
    }
}
