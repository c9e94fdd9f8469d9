using Renci.SshNet;
using Renci.SshNet.Security;

namespace HaCluster.Remote;

/// <summary>
/// The keys an ssh-agent holds, as SSH.NET key sources: SSH.NET offers each public key and asks for a signature, and the
/// signature is the agent's, so the private keys never leave it.
/// </summary>
internal sealed class AgentKeySource : IPrivateKeySource
{
    private AgentKeySource(IReadOnlyCollection<HostAlgorithm> algorithms) => HostKeyAlgorithms = algorithms;

    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; }

    /// <summary>The agent's keys (and certificates) as they are now; none when it holds none.</summary>
    public static async Task<AgentKeySource> LoadAsync(SshAgentClient agent, TimeSpan signTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var identities = await agent.ListIdentitiesAsync(cancellationToken);
        return new AgentKeySource(identities.SelectMany(identity => Algorithms(identity.KeyType)
            .Select(algorithm => (HostAlgorithm)new AgentSigner(agent, identity, algorithm.Name, algorithm.Flags, signTimeout))).ToList());
    }

    /// <summary>
    /// The signature algorithms a key of the agent's offers, best first: RSA keys sign with SHA-512 or SHA-256 (OpenSSH
    /// servers refuse SHA-1 <c>ssh-rsa</c> signatures), every other key with its one algorithm.
    /// </summary>
    public static IReadOnlyList<(string Name, AgentSignature Flags)> Algorithms(string keyType) => keyType switch
    {
        "ssh-rsa" => [("rsa-sha2-512", AgentSignature.RsaSha512), ("rsa-sha2-256", AgentSignature.RsaSha256)],
        "ssh-rsa-cert-v01@openssh.com" =>
            [("rsa-sha2-512-cert-v01@openssh.com", AgentSignature.RsaSha512), ("rsa-sha2-256-cert-v01@openssh.com", AgentSignature.RsaSha256)],
        _ => [(keyType, AgentSignature.None)],
    };

    /// <summary>One agent key under one signature algorithm: SSH.NET's public-key auth sends <see cref="Data"/> and asks <see cref="Sign"/>.</summary>
    private sealed class AgentSigner(SshAgentClient agent, AgentIdentity identity, string algorithm, AgentSignature flags, TimeSpan timeout)
        : HostAlgorithm(algorithm)
    {
        public override byte[] Data => identity.PublicKey.ToArray();

        // SSH.NET signs on its own thread, synchronously; the agent answers over a local socket, or within the timeout
        // (one that asks its user to confirm may take a while).
        public override byte[] Sign(byte[] data)
        {
            using var deadline = new CancellationTokenSource(timeout);
            return agent.SignAsync(identity.PublicKey, data, flags, deadline.Token).GetAwaiter().GetResult();
        }

        // Only ever used to sign: host keys are checked against known_hosts, never against an agent's keys.
        public override bool VerifySignature(byte[] data, byte[] signature) => throw new NotSupportedException("agent keys only sign");
    }
}
