using HaCluster.Remote;
using Renci.SshNet;

namespace HaCluster.Tests.Remote;

public class SshNetHostKeysTests
{
    // SSH.NET 2026.0.0's own order: certificates first, then ed25519, ECDSA, RSA.
    private static readonly string[] SshNetOrder =
    [
        "ssh-ed25519-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
    ];

    [Fact]
    public void A_host_known_only_by_its_rsa_key_is_asked_for_rsa_first_in_sshnets_rsa_order()
    {
        SshNetHostKeys.Preferred(SshNetOrder, ["ssh-rsa"]).Should().Equal(
            "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384");
    }

    [Fact]
    public void Several_known_key_types_keep_sshnets_order_among_themselves()
    {
        SshNetHostKeys.Preferred(SshNetOrder, ["ssh-rsa", "ecdsa-sha2-nistp384"]).Should().Equal(
            "ecdsa-sha2-nistp384", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256");
    }

    [Fact]
    public void An_unknown_host_gets_sshnets_order_without_certificate_algorithms()
    {
        SshNetHostKeys.Preferred(SshNetOrder, []).Should().Equal(
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
    }

    [Fact]
    public void The_order_is_applied_to_sshnets_connection_info_from_what_known_hosts_holds()
    {
        var knownHosts = Path.GetTempFileName();
        try
        {
            // Any valid ssh-rsa blob: the order depends on the type, not on the key.
            var rsaBlob = Convert.ToBase64String([0, 0, 0, 7, .. "ssh-rsa"u8, 0, 0, 0, 1, 3, 0, 0, 0, 1, 5]);
            File.WriteAllText(knownHosts, $"[10.0.0.5]:2222 ssh-rsa {rsaBlob}\n");
            var info = new ConnectionInfo("127.0.0.1", 40000, "root", new NoneAuthenticationMethod("root"));

            new SshNetHostKeys(new TransportOptions { KnownHostsFile = knownHosts }).For("10.0.0.5", 2222).Prefer(info);

            info.HostKeyAlgorithms.Keys.Should().StartWith(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"]);
            info.HostKeyAlgorithms.Keys.Should().NotContain(algorithm => algorithm.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(knownHosts);
        }
    }

    [Theory]
    [InlineData("rsa-sha2-512", "ssh-rsa")]
    [InlineData("rsa-sha2-256", "ssh-rsa")]
    [InlineData("ssh-rsa", "ssh-rsa")]
    [InlineData("ssh-ed25519", "ssh-ed25519")]
    [InlineData("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521")]
    public void A_host_key_algorithm_names_the_key_type_known_hosts_files_it_under(string algorithm, string keyType)
    {
        SshNetHostKeys.KeyType(algorithm).Should().Be(keyType);
    }
}
