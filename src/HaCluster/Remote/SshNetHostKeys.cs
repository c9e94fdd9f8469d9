using HaCluster.Local;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HaCluster.Remote;

/// <summary>
/// Host keys for the SSH.NET transport, checked as OpenSSH checks them: the user's known_hosts (the options' file, else
/// ~/.ssh/known_hosts) and the system's, one policy for both transports, new hosts recorded in the user's file only.
/// </summary>
internal sealed class SshNetHostKeys
{
    public const string SystemFile = "/etc/ssh/ssh_known_hosts";

    private const string CertificateSuffix = "-cert-v01@openssh.com";

    // Check-then-append is one step, so parallel connections of a run to one host record it once.
    private readonly Lock recording = new();
    private readonly HostKeyPolicy policy;

    public SshNetHostKeys(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        policy = HostKeyPolicies.From(options);
        UserFile = options.KnownHostsFile is { } file ? SshArguments.ExpandHome(file) : PlatformPaths.Current.KnownHostsFile;
    }

    public string UserFile { get; }

    /// <summary>A check for one connection attempt to the host at <paramref name="address"/>:<paramref name="port"/> (its own name, not a forwarded port's).</summary>
    public Verifier For(string address, int port) => new(this, address, port);

    /// <summary>
    /// The host key algorithms to ask for, best first: those whose keys known_hosts holds for the host ahead of the rest
    /// (each group in SSH.NET's own order), as OpenSSH orders them, so a host known by its RSA key is asked for that
    /// key and not for an ed25519 one it would then have to learn. Certificate algorithms are left out: hactl checks a
    /// host's plain key, and no <c>@cert-authority</c> line.
    /// </summary>
    public static IReadOnlyList<string> Preferred(IEnumerable<string> algorithms, IReadOnlyCollection<string> knownKeyTypes) =>
        algorithms.Where(algorithm => !algorithm.EndsWith(CertificateSuffix, StringComparison.Ordinal))
            .OrderBy(algorithm => knownKeyTypes.Contains(KeyType(algorithm)) ? 0 : 1)
            .ToList();

    /// <summary>The key type a host key algorithm signs with: RSA's SHA-2 signatures use <c>ssh-rsa</c> keys.</summary>
    public static string KeyType(string algorithm) => algorithm is "rsa-sha2-256" or "rsa-sha2-512" ? "ssh-rsa" : algorithm;

    private KnownHosts Load() =>
        KnownHosts.Parse(string.Join('\n', new[] { UserFile, SystemFile }.Where(File.Exists).Select(File.ReadAllText)));

    /// <summary>One connection attempt's host key check; says afterwards why it refused, if it did.</summary>
    public sealed class Verifier
    {
        private readonly SshNetHostKeys keys;
        private readonly string address;
        private readonly int port;

        internal Verifier(SshNetHostKeys keys, string address, int port)
        {
            this.keys = keys;
            this.address = address;
            this.port = port;
        }

        /// <summary>Why the host's key was refused; null while it was not.</summary>
        public HostKeyDecision? Refused { get; private set; }

        /// <summary>Orders <paramref name="connectionInfo"/>'s host key algorithms by what known_hosts holds for the host.</summary>
        public void Prefer(ConnectionInfo connectionInfo)
        {
            ArgumentNullException.ThrowIfNull(connectionInfo);
            var algorithms = connectionInfo.HostKeyAlgorithms;
            var preferred = Preferred(algorithms.Keys, keys.Load().KeyTypesFor(address, port).ToHashSet(StringComparer.Ordinal));
            foreach (var unwanted in algorithms.Keys.Except(preferred, StringComparer.Ordinal).ToList())
            {
                algorithms.Remove(unwanted, out _);
            }
            for (var i = 0; i < preferred.Count; i++)
            {
                algorithms.SetPosition(preferred[i], i);
            }
        }

        /// <summary>SSH.NET's <see cref="BaseClient.HostKeyReceived"/>: trusts the key only if the policy accepts it.</summary>
        public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
        {
            ArgumentNullException.ThrowIfNull(e);
            // The key's own type (ssh-rsa), not the signature algorithm that was negotiated (rsa-sha2-512).
            var keyType = SshWire.KeyType(e.HostKey) ?? e.HostKeyName;
            lock (keys.recording)
            {
                var status = keys.Load().Check(address, port, keyType, e.HostKey);
                var decision = keys.policy.Decide(status, address, port, keyType, e.HostKey);
                if (decision.Accepted && decision.Record)
                {
                    KnownHosts.Append(keys.UserFile, address, port, keyType, e.HostKey);
                }
                Refused = decision.Accepted ? null : decision;
                e.CanTrust = decision.Accepted;
            }
        }
    }
}
