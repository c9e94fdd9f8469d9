using HaCluster.K0s;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Tests.K0s;

public class AdminKubeconfigTests
{
    // The shape `k0s kubeconfig admin` prints (k0s-contract.md): cluster local, context Default, user user.
    private const string K0sOutput = """
        apiVersion: v1
        clusters:
        - cluster:
            server: https://10.99.1.13:6443
            certificate-authority-data: Q0E=
          name: local
        contexts:
        - context:
            cluster: local
            namespace: default
            user: user
          name: Default
        current-context: Default
        kind: Config
        preferences: {}
        users:
        - name: user
          user:
            client-certificate-data: Q0VSVA==
            client-key-data: S0VZ
        """;

    [Fact]
    public void The_server_points_at_the_load_balancer_and_names_follow_the_cluster()
    {
        var root = Load(AdminKubeconfig.Rewrite(K0sOutput, "prod", AdminKubeconfig.ServerUrl("10.99.1.250", 6443)));

        Scalar(root, "clusters", 0, "cluster", "server").Should().Be("https://10.99.1.250:6443");
        Scalar(root, "clusters", 0, "name").Should().Be("prod");
        Scalar(root, "contexts", 0, "name").Should().Be("prod");
        Scalar(root, "contexts", 0, "context", "cluster").Should().Be("prod");
        Scalar(root, "contexts", 0, "context", "user").Should().Be("prod");
        Scalar(root, "users", 0, "name").Should().Be("prod");
        ((YamlScalarNode)root["current-context"]).Value.Should().Be("prod");
    }

    [Fact]
    public void Credentials_are_kept_as_they_were()
    {
        var root = Load(AdminKubeconfig.Rewrite(K0sOutput, "prod", "https://lb:6443"));

        Scalar(root, "users", 0, "user", "client-key-data").Should().Be("S0VZ");
        Scalar(root, "clusters", 0, "cluster", "certificate-authority-data").Should().Be("Q0E=");
    }

    [Fact]
    public void IPv6_servers_are_bracketed()
    {
        AdminKubeconfig.ServerUrl("fd00::10", 6443).Should().Be("https://[fd00::10]:6443");
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode root, string list, int index, params string[] keys)
    {
        YamlNode node = ((YamlSequenceNode)root[list])[index];
        foreach (var key in keys)
        {
            node = ((YamlMappingNode)node)[key];
        }
        return ((YamlScalarNode)node).Value;
    }
}
