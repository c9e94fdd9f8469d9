using System.Security.Cryptography;
using HaCluster.Model;
using HaCluster.Local;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HaCluster.Remote;

/// <summary>A key file to log in with, and the OpenSSH certificate beside it (<c>KEY-cert.pub</c>) when there is one.</summary>
internal sealed record KeyFileChoice(string Path, string? CertificatePath);

/// <summary>
/// Which keys a connection logs in with, in order: a host's <c>keyPath</c> alone (<paramref name="Named"/>); otherwise
/// the agent's keys, then OpenSSH's default key files that exist.
/// </summary>
internal sealed record AuthenticationChoice(bool Named, bool UseAgent, IReadOnlyList<KeyFileChoice> KeyFiles);

/// <summary>
/// Public-key login for the SSH.NET transport, chosen as OpenSSH would choose it. Encrypted keys are opened with the
/// passphrase from <see cref="PassphraseVariable"/> (hactl never prompts); passphrases and key material never appear
/// in a message.
/// </summary>
internal static class SshNetAuthentication
{
    /// <summary>The environment variable the CLI reads the key passphrase from (into <see cref="TransportOptions.KeyPassphrase"/>).</summary>
    public const string PassphraseVariable = "HACTL_SSH_KEY_PASSPHRASE";

    private static readonly TimeSpan AgentSignTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The keys to offer, given the user's default key files (OpenSSH's order), whether an agent is set, and which files exist.</summary>
    public static AuthenticationChoice Choose(string? keyPath, IReadOnlyList<string> defaultKeyFiles, bool agentAvailable, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(fileExists);
        KeyFileChoice File(string path) => new(path, fileExists(path + "-cert.pub") ? path + "-cert.pub" : null);
        if (keyPath is not null)
        {
            // As IdentitiesOnly=yes does for OpenSSH: many agent keys would otherwise exhaust sshd's MaxAuthTries.
            return new AuthenticationChoice(true, false, [File(SshArguments.ExpandHome(keyPath))]);
        }
        var defaults = defaultKeyFiles.Where(fileExists).Select(File).ToList();
        return new AuthenticationChoice(false, agentAvailable, defaults);
    }

    /// <summary>The login method for <paramref name="connection"/>, or a refusal that says which key could not be used and why.</summary>
    public static async Task<Credentials> LoadAsync(
        string host, ConnectionModel connection, TransportOptions options, SshAgentClient? agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var defaultKeyFiles = PlatformPaths.Current.DefaultKeyFiles;
        var choice = Choose(connection.KeyPath, defaultKeyFiles, agent is not null, File.Exists);
        var sources = new List<IPrivateKeySource>();
        var offered = new List<string>();
        try
        {
            if (choice.UseAgent)
            {
                try
                {
                    var agentKeys = await AgentKeySource.LoadAsync(agent!, AgentSignTimeout, cancellationToken);
                    if (agentKeys.HostKeyAlgorithms.Count > 0)
                    {
                        sources.Add(agentKeys);
                        offered.Add($"the keys of the ssh-agent at {agent!.SocketPath}");
                    }
                }
                catch (SshAgentException)
                {
                    // As ssh does: an agent that does not answer leaves the key files to try.
                }
            }
            foreach (var key in choice.KeyFiles)
            {
                if (Open(host, key, options.KeyPassphrase, choice.Named) is { } file)
                {
                    sources.Add(file);
                    offered.Add(key.CertificatePath is null ? key.Path : $"{key.Path} with its certificate");
                }
            }
        }
        catch
        {
            Dispose(sources);
            throw;
        }
        if (sources.Count == 0)
        {
            throw new RemoteException(host, RemoteFailure.AuthenticationRefused,
                $"{host}: no key to log in with: the host sets no keyPath, {SshAgentClient.SocketVariable} names no agent holding a key, " +
                $"and none of {string.Join(", ", defaultKeyFiles)} can be used");
        }
        return new Credentials(new PrivateKeyAuthenticationMethod(connection.User, [.. sources]), sources, string.Join(", ", offered));
    }

    // A named key that cannot be opened is an error; a default one is skipped, as ssh skips it in batch mode.
    private static PrivateKeyFile? Open(string host, KeyFileChoice key, string? passphrase, bool named)
    {
        if (!File.Exists(key.Path))
        {
            return named ? throw Refused(host, $"the key file {key.Path} does not exist") : null;
        }
        try
        {
            return new PrivateKeyFile(key.Path, passphrase, key.CertificatePath);
        }
        catch (SshPassPhraseNullOrEmptyException) when (named)
        {
            throw Refused(host, $"the key file {key.Path} is encrypted and {PassphraseVariable} is not set (hactl never asks for a passphrase)");
        }
        catch (Exception e) when (named && e is SshException or CryptographicException or InvalidOperationException or ArgumentException or FormatException or IOException)
        {
            // The inner exception is left out: key parsers' messages are not written to keep secrets out.
            throw Refused(host, passphrase is null
                ? $"the key file {key.Path} could not be read as a private key"
                : $"the key file {key.Path} could not be opened: the passphrase in {PassphraseVariable} is not its passphrase, or the file is no private key");
        }
        catch (Exception e) when (!named && e is SshException or CryptographicException or InvalidOperationException or ArgumentException or FormatException or IOException)
        {
            return null;
        }
    }

    private static RemoteException Refused(string host, string why) => new(host, RemoteFailure.AuthenticationRefused, $"{host}: {why}");

    private static void Dispose(IEnumerable<IPrivateKeySource> sources)
    {
        foreach (var source in sources.OfType<IDisposable>())
        {
            source.Dispose();
        }
    }

    /// <summary>The login method and the key files it holds open, disposed once the connection is made (or failed).</summary>
    public sealed class Credentials(PrivateKeyAuthenticationMethod method, IReadOnlyList<IPrivateKeySource> sources, string offered) : IDisposable
    {
        public PrivateKeyAuthenticationMethod Method { get; } = method;

        /// <summary>What was offered, for a refusal's message: key paths and the agent's socket, never key material.</summary>
        public string Offered { get; } = offered;

        public void Dispose()
        {
            Method.Dispose();
            SshNetAuthentication.Dispose(sources);
        }
    }
}
