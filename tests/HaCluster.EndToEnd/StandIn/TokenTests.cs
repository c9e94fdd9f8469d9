namespace HaCluster.EndToEnd.StandIn;

[Collection(SharedStandInCluster.Name)]
public sealed class TokenTests(StandInCluster cluster)
{
    private const string TokenPattern = "^[a-z0-9]{6}\\.[a-z0-9]{16}$";

    [Fact]
    public async Task A_worker_token_is_a_gzipped_kubeconfig_for_the_API_on_the_external_address()
    {
        var result = await cluster.First.K0sAsync("token", "create", "--role=worker", "--expiry=30m0s");

        result.ExitCode.Should().Be(0);
        result.StdOut.Should().EndWith("\n").And.NotContain(" ");
        var token = JoinTokenFormat.Decode(result.StdOut);
        token.Server.Should().Be($"https://{cluster.VirtualIP}:6443");
        token.ClusterName.Should().Be("k0s");
        token.UserName.Should().Be("kubelet-bootstrap");
        token.Token.Should().MatchRegex(TokenPattern);
        token.CertificateAuthorityPem.Should().Be(await cluster.First.ReadFileAsync("/var/lib/k0s/pki/ca.crt"));
    }

    [Fact]
    public async Task A_controller_token_is_a_gzipped_kubeconfig_for_the_join_API_on_the_external_address()
    {
        var token = JoinTokenFormat.Decode(await ClusterSteps.CreateTokenAsync(cluster.Controllers[1], "controller"));

        token.Server.Should().Be($"https://{cluster.VirtualIP}:9443");
        token.UserName.Should().Be("controller-bootstrap");
        token.Token.Should().MatchRegex(TokenPattern);
    }

    [Fact]
    public async Task Token_list_shows_a_created_tokens_id_role_and_expiry()
    {
        var id = JoinTokenFormat.Decode(await ClusterSteps.CreateTokenAsync(cluster.First, "controller")).Token.Split('.')[0];

        var result = await cluster.Controllers[2].K0sAsync("token", "list", "--role=controller");

        var rows = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t').Select(c => c.Trim()).ToArray()).ToList();
        rows[0].Should().Equal("ID", "ROLE", "EXPIRES AT");
        rows.Should().ContainSingle(r => r[0] == id).Which[1].Should().Be("controller");
        rows.Single(r => r[0] == id)[2].Should().MatchRegex("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
    }

    [Fact]
    public async Task An_invalidated_token_can_no_longer_join()
    {
        var token = JoinTokenFormat.Decode(await ClusterSteps.CreateTokenAsync(cluster.First, "controller")).Token;
        var before = await JoinApiStatusAsync(token);

        var result = await cluster.First.K0sAsync("token", "invalidate", token.Split('.')[0]);

        before.Should().Be("200");
        result.ExitCode.Should().Be(0);
        result.StdOut.Should().Be($"token {token.Split('.')[0]} deleted successfully\n");
        (await JoinApiStatusAsync(token)).Should().Be("401");
    }

    [Fact]
    public async Task Invalidating_an_unknown_token_still_succeeds()
    {
        var result = await cluster.First.K0sAsync("token", "invalidate", "zzzzzz");

        result.ExitCode.Should().Be(0);
        result.StdOut.Should().Be("token zzzzzz deleted successfully\n");
    }

    [Fact]
    public async Task A_worker_token_cannot_fetch_the_cluster_CA()
    {
        var token = JoinTokenFormat.Decode(await ClusterSteps.CreateTokenAsync(cluster.First, "worker")).Token;

        (await JoinApiStatusAsync(token)).Should().Be("401");
    }

    private async Task<string> JoinApiStatusAsync(string token) =>
        (await cluster.Worker.ExecAsync("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}",
            "-H", "Authorization: Bearer " + token, $"https://{cluster.First.Address}:9443/v1beta1/ca")).StdOut;
}
