using HaCluster.Remote;

namespace HaCluster.Tests.Remote;

public class SshNetAuthenticationTests
{
    private static readonly string[] DefaultKeys = ["/home/op/.ssh/id_ed25519", "/home/op/.ssh/id_ecdsa", "/home/op/.ssh/id_rsa"];

    [Fact]
    public void A_key_path_is_the_only_key_offered_even_with_an_agent_and_default_keys()
    {
        var exists = Existing("/keys/lab", "/home/op/.ssh/id_ed25519");

        var choice = SshNetAuthentication.Choose("/keys/lab", DefaultKeys, agentAvailable: true, exists);

        choice.Should().Be(new AuthenticationChoice(true, false, choice.KeyFiles));
        choice.KeyFiles.Should().Equal(new KeyFileChoice("/keys/lab", null));
    }

    [Fact]
    public void A_key_paths_certificate_beside_it_is_used()
    {
        var choice = SshNetAuthentication.Choose("/keys/lab", DefaultKeys, agentAvailable: false, Existing("/keys/lab", "/keys/lab-cert.pub"));

        choice.KeyFiles.Should().Equal(new KeyFileChoice("/keys/lab", "/keys/lab-cert.pub"));
    }

    [Fact]
    public void A_key_path_under_home_is_expanded()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var choice = SshNetAuthentication.Choose("~/.ssh/deploy", DefaultKeys, agentAvailable: false, _ => false);

        choice.KeyFiles.Should().Equal(new KeyFileChoice(Path.Combine(home, ".ssh/deploy"), null));
    }

    [Fact]
    public void Without_a_key_path_the_agent_comes_first_then_the_default_keys_that_exist_in_openssh_order()
    {
        var exists = Existing("/home/op/.ssh/id_rsa", "/home/op/.ssh/id_ed25519", "/home/op/.ssh/id_ed25519-cert.pub");

        var choice = SshNetAuthentication.Choose(null, DefaultKeys, agentAvailable: true, exists);

        choice.Named.Should().BeFalse();
        choice.UseAgent.Should().BeTrue();
        choice.KeyFiles.Should().Equal(
            new KeyFileChoice("/home/op/.ssh/id_ed25519", "/home/op/.ssh/id_ed25519-cert.pub"),
            new KeyFileChoice("/home/op/.ssh/id_rsa", null));
    }

    [Fact]
    public void Without_a_key_path_an_agent_or_default_keys_nothing_is_offered()
    {
        var choice = SshNetAuthentication.Choose(null, DefaultKeys, agentAvailable: false, _ => false);

        choice.UseAgent.Should().BeFalse();
        choice.KeyFiles.Should().BeEmpty();
    }

    [Fact]
    public void An_agents_rsa_key_offers_sha2_signatures_and_other_keys_their_own()
    {
        AgentKeySource.Algorithms("ssh-rsa").Should().Equal(("rsa-sha2-512", AgentSignature.RsaSha512), ("rsa-sha2-256", AgentSignature.RsaSha256));
        AgentKeySource.Algorithms("ssh-ed25519").Should().Equal(("ssh-ed25519", AgentSignature.None));
        AgentKeySource.Algorithms("ssh-ed25519-cert-v01@openssh.com").Should().Equal(("ssh-ed25519-cert-v01@openssh.com", AgentSignature.None));
    }

    private static Func<string, bool> Existing(params string[] paths) => path => paths.Contains(path);
}
