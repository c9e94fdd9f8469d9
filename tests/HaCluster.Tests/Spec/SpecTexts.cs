namespace HaCluster.Tests.Spec;

/// <summary>Small valid configs that tests extend or load as they are.</summary>
internal static class SpecTexts
{
    public const string SingleController = """
        apiVersion: hactl.dev/v1beta1
        kind: Cluster
        spec:
          hosts:
            - role: controller
              ssh: { address: 10.0.0.11 }
        """;

    /// <summary>Three controllers, one worker, CPLB with the password from VRRP_PASS (authPass is on line 13).</summary>
    public const string Cplb = """
        apiVersion: hactl.dev/v1beta1
        kind: Cluster
        spec:
          hosts:
            - { role: controller, ssh: { address: 10.0.0.11 } }
            - { role: controller, ssh: { address: 10.0.0.12 } }
            - { role: controller, ssh: { address: 10.0.0.13 } }
            - { role: worker, ssh: { address: 10.0.0.21 } }
          loadBalancer:
            type: cplb
            virtualIP: 10.0.0.100/24
            interface: eth1
            authPass: ${VRRP_PASS}
        """;

    /// <summary>Two load balancers, three controllers with hostnames, two workers.</summary>
    public const string HaproxyKeepalived = """
        apiVersion: hactl.dev/v1beta1
        kind: Cluster
        metadata: { name: prod }
        spec:
          hosts:
            - { role: loadbalancer, ssh: { address: 10.0.0.5 }, privateInterface: eth0 }
            - { role: loadbalancer, ssh: { address: 10.0.0.6 } }
            - { role: controller, hostname: cp-1, ssh: { address: 10.0.0.11 }, privateAddress: 192.168.0.11 }
            - { role: controller, hostname: cp-2, ssh: { address: 10.0.0.12 } }
            - { role: controller, hostname: cp-3, ssh: { address: 10.0.0.13 } }
            - { role: worker, ssh: { address: 10.0.0.21 } }
            - { role: worker, ssh: { address: 10.0.0.22 } }
          loadBalancer:
            type: haproxy-keepalived
            virtualIP: 10.0.0.100/24
            authPass: pass1234
        """;
}
