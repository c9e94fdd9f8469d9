using System.Text;
using System.Text.Json.Nodes;
using K0sStandIn.Config;

namespace K0sStandIn.Kube;

/// <summary>A kubeconfig with one cluster, one context and one user: what k0s writes and what its tokens carry.</summary>
internal sealed record Kubeconfig(
    string Server,
    string CertificateAuthorityPem,
    string ClusterName = "local",
    string ContextName = "Default",
    string UserName = "user")
{
    public string? Token { get; init; }
    public string? ClientCertificatePem { get; init; }
    public string? ClientKeyPem { get; init; }
    public string? Namespace { get; init; }

    public string Render()
    {
        var text = new StringBuilder()
            .Append("apiVersion: v1\n")
            .Append("clusters:\n")
            .Append("- cluster:\n")
            .Append("    certificate-authority-data: ").Append(Base64(CertificateAuthorityPem)).Append('\n')
            .Append("    server: ").Append(Server).Append('\n')
            .Append("  name: ").Append(ClusterName).Append('\n')
            .Append("contexts:\n")
            .Append("- context:\n")
            .Append("    cluster: ").Append(ClusterName).Append('\n');
        if (Namespace is not null)
        {
            text.Append("    namespace: ").Append(Namespace).Append('\n');
        }

        text.Append("    user: ").Append(UserName).Append('\n')
            .Append("  name: ").Append(ContextName).Append('\n')
            .Append("current-context: ").Append(ContextName).Append('\n')
            .Append("kind: Config\n")
            .Append("preferences: {}\n")
            .Append("users:\n")
            .Append("- name: ").Append(UserName).Append('\n')
            .Append("  user:\n");
        if (ClientCertificatePem is not null && ClientKeyPem is not null)
        {
            text.Append("    client-certificate-data: ").Append(Base64(ClientCertificatePem)).Append('\n')
                .Append("    client-key-data: ").Append(Base64(ClientKeyPem)).Append('\n');
        }

        if (Token is not null)
        {
            text.Append("    token: ").Append(Token).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads the first cluster and user of a kubeconfig.</summary>
    public static Kubeconfig Parse(string yaml)
    {
        var (root, _) = YamlToJson.Convert(yaml);
        var cluster = root?["clusters"]?[0];
        var user = root?["users"]?[0];
        var context = root?["contexts"]?[0];
        var server = cluster?["cluster"]?["server"]?.GetValue<string>()
            ?? throw new FormatException("kubeconfig has no cluster server");
        return new Kubeconfig(
            server,
            FromBase64(cluster?["cluster"]?["certificate-authority-data"]) ?? "",
            cluster?["name"]?.GetValue<string>() ?? "",
            context?["name"]?.GetValue<string>() ?? "",
            user?["name"]?.GetValue<string>() ?? "")
        {
            Token = user?["user"]?["token"]?.GetValue<string>(),
            ClientCertificatePem = FromBase64(user?["user"]?["client-certificate-data"]),
            ClientKeyPem = FromBase64(user?["user"]?["client-key-data"]),
        };
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private static string? FromBase64(JsonNode? node) =>
        node?.GetValue<string>() is { } data ? Encoding.ASCII.GetString(Convert.FromBase64String(data)) : null;
}
