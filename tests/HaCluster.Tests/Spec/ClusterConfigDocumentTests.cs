using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

/// <summary>A k0s ClusterConfig may follow the Cluster as its own YAML document, as k0sctl allows.</summary>
public sealed class ClusterConfigDocumentTests
{
    private const string WithDocument = SpecTexts.SingleController + """

        ---
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        metadata:
          name: k0s
        spec:
          api:
            port: ${API_PORT}
        """;

    [Fact]
    public void The_separate_document_becomes_the_k0s_config()
    {
        var result = Specs.LoadValid(WithDocument, new Dictionary<string, string> { ["API_PORT"] = "6443" });

        var config = result.Model!.K0s.Config!;
        config["kind"].ToString().Should().Be("ClusterConfig");
        config["spec"]["api"]["port"].ToString().Should().Be("6443");
    }

    [Fact]
    public void Problems_in_the_separate_document_are_named_under_ClusterConfig_with_their_line()
    {
        var result = Specs.Load(WithDocument, new Dictionary<string, string> { ["API_PORT"] = "70000" });

        result.Errors.Should().ContainSingle().Which.ToString().Should().Be(
            "ClusterConfig.spec.api.port (line 14:11): '70000' is not a port (1-65535)");
    }

    [Fact]
    public void A_third_document_is_an_error()
    {
        var yaml = WithDocument + """

            ---
            apiVersion: v1
            kind: ConfigMap
            """;

        var result = Specs.Load(yaml, new Dictionary<string, string> { ["API_PORT"] = "6443" });

        result.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("(document 3) (line 16:1): unexpected document");
    }
}
