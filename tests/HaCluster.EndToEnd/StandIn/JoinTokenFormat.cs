using System.IO.Compression;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>A k0s join token opened up: base64 → gzip → kubeconfig.</summary>
internal sealed record JoinTokenFormat(string Server, string CertificateAuthorityPem, string ClusterName, string UserName, string Token)
{
    public static JoinTokenFormat Decode(string encoded)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(encoded.Trim())), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var cluster = (YamlMappingNode)((YamlSequenceNode)root["clusters"])[0];
        var user = (YamlMappingNode)((YamlSequenceNode)root["users"])[0];
        return new JoinTokenFormat(
            Scalar(cluster["cluster"], "server"),
            Encoding.ASCII.GetString(Convert.FromBase64String(Scalar(cluster["cluster"], "certificate-authority-data"))),
            ((YamlScalarNode)cluster["name"]).Value!,
            ((YamlScalarNode)user["name"]).Value!,
            Scalar(user["user"], "token"));
    }

    private static string Scalar(YamlNode map, string key) => ((YamlScalarNode)((YamlMappingNode)map)[key]).Value!;
}
