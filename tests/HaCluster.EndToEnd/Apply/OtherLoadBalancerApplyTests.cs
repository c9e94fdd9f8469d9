using HaCluster.EndToEnd.Operations;

namespace HaCluster.EndToEnd.Apply;

/// <summary>
/// cplb: k0s's own keepalived holds the VIP on the controllers; no LB hosts. The lab and its first apply are the
/// restore story's, looked at before any story changed the cluster (<see cref="RestoreScenario.Built"/>).
/// </summary>
[Collection(CplbThenRestore.Name)]
public sealed class CplbApplyTests(RestoreScenario lab)
{
    [Fact]
    public async Task Apply_builds_a_cluster_whose_API_answers_on_the_VIP_held_by_a_controller()
    {
        var built = await lab.Built;
        built.Apply.ExitCode.Should().Be(0, built.Apply.ToString());

        var readyz = built.Readyz!;

        built.Kubeconfig.Should().Contain($"server: https://{lab.VirtualIP}:6443");
        readyz.StdOut.Trim().Should().Be("ok", readyz.ToString());
        built.VipHolders.Should().ContainSingle();
        built.EtcdMembers.Should().HaveCount(3);
    }
}

/// <summary>external: the lab's h1 runs HAProxy as the user's own load balancer; hactl only points k0s at it.</summary>
public sealed class ExternalLoadBalancerApplyTests(ExternalLbCluster lab) : IClassFixture<ExternalLbCluster>
{
    [Fact]
    public async Task Apply_builds_a_cluster_reachable_through_the_external_address()
    {
        lab.FirstApply.ExitCode.Should().Be(0, lab.FirstApply.ToString());
        var external = lab.WithRole("external-loadbalancer").Single();

        var readyz = await ClusterChecks.KubectlReadyzAsync(lab.KubeconfigPath);

        (await File.ReadAllTextAsync(lab.KubeconfigPath)).Should().Contain($"server: https://{external.Address}:6443");
        readyz.StdOut.Trim().Should().Be("ok", readyz.ToString());
        (await ClusterChecks.ReadyNodesAsync(lab, "h2")).Should().Contain("h5");
    }
}
