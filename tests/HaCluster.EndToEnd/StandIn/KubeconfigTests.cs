using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace HaCluster.EndToEnd.StandIn;

[Collection(SharedStandInCluster.Name)]
public sealed class KubeconfigTests(StandInCluster cluster)
{
    [Fact]
    public async Task Admin_kubeconfig_points_at_the_external_address_with_an_admin_certificate()
    {
        var result = await cluster.Controllers[2].K0sAsync("kubeconfig", "admin");

        result.ExitCode.Should().Be(0);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(result.StdOut));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var cluster0 = (YamlMappingNode)((YamlSequenceNode)root["clusters"])[0];
        var user0 = (YamlMappingNode)((YamlSequenceNode)root["users"])[0];
        Text(cluster0["name"]).Should().Be("local");
        Text(((YamlMappingNode)cluster0["cluster"])["server"]).Should().Be($"https://{cluster.VirtualIP}:6443");
        Text(root["current-context"]).Should().Be("Default");
        Text(user0["name"]).Should().Be("user");
        var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(
            Convert.FromBase64String(Text(((YamlMappingNode)user0["user"])["client-certificate-data"]))));
        certificate.Subject.Should().Contain("CN=kubernetes-admin").And.Contain("O=system:masters");
        Text(((YamlMappingNode)user0["user"])["client-key-data"]).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Admin_conf_itself_points_at_the_local_API()
    {
        var adminConf = await cluster.First.ReadFileAsync("/var/lib/k0s/pki/admin.conf");

        adminConf.Should().Contain("server: https://localhost:6443\n");
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
