using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

/// <summary>
/// Values that end up in keepalived.conf, haproxy.cfg or k0s.yaml: what the rules let through, and that a refused
/// secret is never repeated. The refusals themselves, with path and line, are in Cli/BrokenConfigs.
/// </summary>
public sealed class ConfigValueRulesTests
{
    private static string CplbWithPassword(string authPass) =>
        SpecTexts.Cplb.Replace("authPass: ${VRRP_PASS}", $"authPass: '{authPass}'", StringComparison.Ordinal);

    private static string K0sctlCplbWithPassword(string authPass) => $$"""
        apiVersion: k0sctl.k0sproject.io/v1beta1
        kind: Cluster
        spec:
          hosts:
            - { role: controller, ssh: { address: 10.0.0.11 } }
          k0s:
            config:
              spec:
                network:
                  controlPlaneLoadBalancing:
                    enabled: true
                    keepalived:
                      vrrpInstances:
                        - { virtualIPs: [10.0.0.100/24], authPass: '{{authPass}}' }
        """;

    [Theory]
    [InlineData("pw-7x!q")]
    [InlineData("a b")]
    [InlineData("p#ss")]
    [InlineData("{pw}")]
    public void A_refused_auth_pass_is_not_repeated_in_the_message(string authPass)
    {
        foreach (var yaml in new[] { CplbWithPassword(authPass), K0sctlCplbWithPassword(authPass) })
        {
            var result = Specs.Load(yaml);

            result.Errors.Should().ContainSingle(e => e.Path.EndsWith("authPass", StringComparison.Ordinal))
                .Which.Message.Should().Contain("cannot be written into keepalived.conf").And.NotContain(authPass);
        }
    }

    [Theory]
    [InlineData("pw-7x%q")]
    [InlineData("a@b:c=d")]
    [InlineData("12345678")]
    public void Unusual_but_safe_password_characters_are_accepted(string authPass) =>
        Specs.LoadValid(CplbWithPassword(authPass));

    [Theory]
    [InlineData("enp0s31f6-upli0")]
    [InlineData("eth0.100")]
    [InlineData("br_lan@1")]
    public void An_interface_name_linux_and_keepalived_accept_is_valid(string name) =>
        Specs.LoadValid(SpecTexts.Cplb.Replace("interface: eth1", $"interface: {name}", StringComparison.Ordinal),
            new Dictionary<string, string> { ["VRRP_PASS"] = "s3cret" });

    [Fact]
    public void A_cplb_block_in_the_k0s_config_that_states_what_loadBalancer_says_is_valid()
    {
        var yaml = SpecTexts.Cplb.Replace("interface: eth1", "interface: eth1\n    virtualRouterID: 60", StringComparison.Ordinal) + """

              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: ${VRRP_PASS}
                              virtualRouterID: 60
                              interface: eth1
                            - virtualIPs: [10.0.0.101/24]
                              authPass: other
            """;

        Specs.LoadValid(yaml, new Dictionary<string, string> { ["VRRP_PASS"] = "s3cret" });
    }

    [Fact]
    public void A_hostname_may_equal_its_own_hosts_address() =>
        Specs.LoadValid(SpecTexts.SingleController.Replace("ssh: { address: 10.0.0.11 }",
            "ssh: { address: cp-1.example.com }\n      hostname: cp-1.example.com", StringComparison.Ordinal));

    [Fact]
    public void An_ssh_alias_is_fine_for_a_worker_and_for_a_host_with_hostname_and_private_address() =>
        Specs.LoadValid("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - { role: controller, openSSH: { address: admin@cp-1 }, hostname: cp-1, privateAddress: 10.0.0.11 }
                - { role: worker, openSSH: { address: admin@w-1 } }
            """);
}
