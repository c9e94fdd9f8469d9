using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>A join token's life: a secret from its creation, on a host only while it joins, invalidated after use.</summary>
public class JoinTokensTests
{
    private readonly JoinTokens tokens = new();
    private readonly FakeRun run = new(TestClusters.Ops(controllers: 1, workers: 1));

    public JoinTokensTests()
    {
        K0sFakes.Lead(run, "c1", new());
        run["w1"].On("rm -f", "");
    }

    [Fact]
    public async Task A_token_is_a_secret_from_the_moment_it_is_created()
    {
        await Change(async (writer, token) => await tokens.CreateAsync(run.Context, writer, "worker", token));

        run.Context.Warn($"join failed with token {K0sFakes.Token}");

        run.Sink.Events.Last().Message.Should().Be($"join failed with token {SecretRedactor.Mask}");
    }

    [Fact]
    public async Task A_host_whose_join_did_not_finish_is_left_without_a_token_file()
    {
        await Change(async (writer, token) =>
        {
            var (id, secret) = await tokens.CreateAsync(run.Context, writer, "worker", token);
            await tokens.WriteAsync(id, secret, Session("w1"), writer.On(Session("w1")), token);
            await tokens.InvalidateAsync(id, token);
        });

        run["w1"].Commands.Should().Equal("rm -f -- /etc/k0s/k0stoken");
        run["c1"].Commands.Last().Should().Be($"/usr/local/bin/k0s token invalidate {K0sFakes.TokenId}");
    }

    [Fact]
    public async Task A_host_that_joined_keeps_a_token_file_without_the_secret()
    {
        await Change(async (writer, token) =>
        {
            var (id, secret) = await tokens.CreateAsync(run.Context, writer, "worker", token);
            await tokens.WriteAsync(id, secret, Session("w1"), writer.On(Session("w1")), token);
            await tokens.DisarmAsync(id, Session("w1"), token);
            await tokens.InvalidateAsync(id, token);
        });

        run["w1"].Commands.Should().BeEmpty();
        run["w1"].Uploads["/etc/k0s/k0stoken"].Should().Be(JoinTokens.Placeholder);
    }

    [Fact]
    public async Task Clean_up_after_a_failed_run_invalidates_every_outstanding_token()
    {
        await Change(async (writer, token) => await tokens.CreateAsync(run.Context, writer, "worker", token));

        await tokens.InvalidateAllAsync(CancellationToken.None);

        run["c1"].Commands.Should().Contain($"/usr/local/bin/k0s token invalidate {K0sFakes.TokenId}");
    }

    private HostSession Session(string name) => run.Context.Sessions.Single(s => s.Name == name);

    // Tokens are made inside a change on the leader, as the join phases make them.
    private Task Change(Func<HostWriter, CancellationToken, Task> body) =>
        run.Context.ChangeAsync(Session("c1"), "join", body, CancellationToken.None);
}
