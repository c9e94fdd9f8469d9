using HaCluster.Tests.Spec;

namespace HaCluster.Tests.Cli;

/// <summary>One broken config: what is wrong, and exactly where hactl must say it is.</summary>
public sealed record BrokenConfig(string Yaml, string Path, int Line, string Message);

/// <summary>
/// Broken configs by name, one mistake each (a few show that several are reported at once elsewhere).
/// Line numbers count from the first line of each YAML text.
/// </summary>
public static class BrokenConfigs
{
    private const string Controller = """
        apiVersion: hactl.dev/v1beta1
        kind: Cluster
        spec:
          hosts:
            - role: controller
              ssh: { address: 10.0.0.11 }
        """;

    /// <summary>One controller with CPLB in its k0s config; the instance's virtualIPs[0] is on line 15.</summary>
    private static string CplbInK0sConfig(string virtualIP) => Controller + $$"""

          k0s:
            config:
              spec:
                network:
                  controlPlaneLoadBalancing:
                    enabled: true
                    keepalived:
                      vrrpInstances:
                        - virtualIPs: [{{virtualIP}}]
                          authPass: pass1234
        """;

    public static readonly IReadOnlyDictionary<string, BrokenConfig> All = new Dictionary<string, BrokenConfig>
    {
        ["unknown apiVersion"] = new("""
            apiVersion: hactl.dev/v1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
            """, "apiVersion", 1, "unknown apiVersion 'hactl.dev/v1'"),

        ["missing apiVersion"] = new("""
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
            """, "apiVersion", 1, "apiVersion is required"),

        ["unknown kind"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Clustr
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
            """, "kind", 2, "unknown kind 'Clustr'; expected Cluster"),

        ["unknown field with a near name"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    adress: 10.0.0.11
            """, "spec.hosts[0].ssh.adress", 7, "unknown field 'adress', did you mean 'address'?"),

        ["unknown host field with a near name"] = new(Controller + """

                  hostnme: cp-1
            """, "spec.hosts[0].hostnme", 7, "unknown field 'hostnme', did you mean 'hostname'?"),

        ["unknown field far from any name"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              monitoring: true
            """, "spec.monitoring", 7, "unknown field 'monitoring'"),

        ["unknown role"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controler
                  ssh: { address: 10.0.0.11 }
            """, "spec.hosts[0].role", 5, "unknown role 'controler', did you mean 'controller'?"),

        ["no controller"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: worker
                  ssh: { address: 10.0.0.21 }
            """, "spec.hosts", 4, "no controller"),

        ["single is not alone"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  ssh: { address: 10.0.0.11 }
                - role: worker
                  ssh: { address: 10.0.0.21 }
            """, "spec.hosts[0].role", 5, "role single must be the only host"),

        ["duplicate ssh address"] = new(Controller + """

                - role: controller
                  ssh: { address: 10.0.0.11 }
            """, "spec.hosts[1].ssh.address", 8, "duplicate of spec.hosts[0]"),

        ["duplicate hostname"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  hostname: cp
                  ssh: { address: 10.0.0.11 }
                - role: worker
                  hostname: CP
                  ssh: { address: 10.0.0.21 }
            """, "spec.hosts[1].hostname", 9, "duplicate of spec.hosts[0]"),

        ["duplicate privateAddress"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
                  privateAddress: 192.168.1.1
                - role: worker
                  ssh: { address: 10.0.0.21 }
                  privateAddress: 192.168.1.1
            """, "spec.hosts[1].privateAddress", 10, "duplicate of spec.hosts[0]"),

        ["privateAddress is not an IP"] = new(Controller + """

                  privateAddress: 10.0.0.256
            """, "spec.hosts[0].privateAddress", 7, "'10.0.0.256' is not an IP address"),

        ["ssh address is not an address"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.999 }
            """, "spec.hosts[0].ssh.address", 6, "'10.0.0.999' is not an IP address or host name"),

        ["ssh port out of range"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    port: 65536
            """, "spec.hosts[0].ssh.port", 8, "port 65536 is out of range (1-65535)"),

        ["ssh port is not a number"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    port: twenty-two
            """, "spec.hosts[0].ssh.port", 8, "expected a whole number, not 'twenty-two'"),

        ["no connection"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  privateAddress: 10.0.0.11
            """, "spec.hosts[0]", 5, "no connection: set ssh"),

        ["two connections"] = new(Controller + """

                  openSSH: { address: cp-1 }
            """, "spec.hosts[0]", 5, "more than one connection (ssh, openSSH)"),

        ["winRM"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  winRM: { address: 10.0.0.11 }
            """, "spec.hosts[0].winRM", 6, "winRM is not supported"),

        ["haproxy-keepalived without a loadbalancer host"] = new(Controller + """

              loadBalancer:
                type: haproxy-keepalived
                virtualIP: 10.0.0.100/24
                authPass: pass1234
            """, "spec.loadBalancer.type", 8, "needs at least one host with role loadbalancer"),

        ["haproxy-keepalived without virtualIP"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: loadbalancer
                  ssh: { address: 10.0.0.5 }
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: haproxy-keepalived
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9, "virtualIP is required for type haproxy-keepalived"),

        ["virtualIP without a prefix length"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9, "'10.0.0.100' is not an address with a prefix length"),

        ["virtualIP is a host's address"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.11/24
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9, "10.0.0.11 is already the address of spec.hosts[0]"),

        ["loadbalancer host with cplb"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
                - role: loadbalancer
                  ssh: { address: 10.0.0.5 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
            """, "spec.hosts[1].role", 7, "role loadbalancer needs spec.loadBalancer.type haproxy-keepalived (it is cplb)"),

        ["loadbalancer host without a loadBalancer section"] = new(Controller + """

                - role: loadbalancer
                  ssh: { address: 10.0.0.5 }
            """, "spec.hosts[1].role", 7, "role loadbalancer needs spec.loadBalancer"),

        ["unknown load balancer type"] = new(Controller + """

              loadBalancer:
                type: haproxy
            """, "spec.loadBalancer.type", 8, "unknown type 'haproxy'"),

        ["authPass missing"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
            """, "spec.loadBalancer.authPass", 7, "authPass is required for type cplb"),

        ["authPass longer than 8 characters"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: hunter2hunter2
            """, "spec.loadBalancer.authPass", 10, "authPass is 14 characters; VRRP allows at most 8"),

        ["authPass with a '!'"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: "pw-7x!q"
            """, "spec.loadBalancer.authPass", 10,
            "authPass cannot be written into keepalived.conf: it must be printable ASCII without spaces, quotes, backslash, braces, '#', '!' or '$'"),

        ["authPass is empty"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: ""
            """, "spec.loadBalancer.authPass", 10, "authPass is empty; VRRP needs a password of 1-8 characters"),

        ["IPv6 virtualIP"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: fd00::100/64
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9,
            "fd00::100 is an IPv6 address: keepalived runs IPv6 on VRRPv3, which has no password authentication, so authPass would be ignored"),

        ["loadBalancer interface with a '$'"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                interface: eth$0
            """, "spec.loadBalancer.interface", 11, "'eth$0' cannot be written into keepalived.conf"),

        ["unicast VRRP host named by a DNS address"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: loadbalancer
                  ssh: { address: lb-1.example.com }
                - role: loadbalancer
                  ssh: { address: 10.0.0.6 }
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: haproxy-keepalived
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                unicast: true
            """, "spec.hosts[0].ssh.address", 6,
            "unicast VRRP names each host by its private address, which must be an IPv4 address, not 'lb-1.example.com'; set privateAddress"),

        ["virtualRouterID out of range"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                virtualRouterID: 256
            """, "spec.loadBalancer.virtualRouterID", 11, "virtualRouterID must be 1-255, not 256"),

        ["load balancer ports collide"] = new(Controller + """

              loadBalancer:
                type: external
                address: 10.0.0.100
                ports:
                  konnectivity: 6443
            """, "spec.loadBalancer.ports.konnectivity", 11, "port 6443 is already used by spec.loadBalancer.ports.api"),

        ["stats with cplb"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                stats: { port: 9000 }
            """, "spec.loadBalancer.stats", 11, "stats applies only to type haproxy-keepalived"),

        ["external without address"] = new(Controller + """

              loadBalancer:
                type: external
            """, "spec.loadBalancer.address", 7, "address is required for type external"),

        ["external with a virtualIP"] = new(Controller + """

              loadBalancer:
                type: external
                address: lb.example.com
                virtualIP: 10.0.0.100/24
            """, "spec.loadBalancer.virtualIP", 10, "virtualIP does not apply to type external"),

        ["cplb with single"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
            """, "spec.hosts[0].role", 5, "role single cannot be used with cplb"),

        ["cplb virtual servers with controller+worker"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller+worker
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
                          virtualServers:
                            - ipAddress: 10.0.0.100
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.virtualServers", 17,
            "virtual servers are not supported with controller+worker hosts (spec.hosts[0])"),

        ["cplb virtualIPs in the k0s config are not CIDRs"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs:
                                - 10.0.0.100
                              authPass: pass1234
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualIPs[0]", 16,
            "'10.0.0.100' is not an address with a prefix length"),

        ["cplb instance in the k0s config without authPass"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].authPass", 15,
            "authPass is required"),

        ["authPass with a '#' in the k0s config's VRRP instance"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: "pw#1"
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].authPass", 16,
            "authPass cannot be written into keepalived.conf"),

        ["IPv6 virtual IP in the k0s config's VRRP instance"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs:
                                - fd00::100/64
                              authPass: pass1234
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualIPs[0]", 16,
            "fd00::100 is an IPv6 address"),

        ["two VRRP instances in the k0s config share a router ID"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
                            - virtualIPs: [10.0.0.101/24]
                              authPass: pass1234
                              virtualRouterID: 51
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[1].virtualRouterID", 19,
            "virtualRouterID 51 is also spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0]'s"),

        ["unicast peer in the k0s config is not an IP"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
                              unicastPeers: [cp-2.example.com]
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].unicastPeers[0]", 17,
            "'cp-2.example.com' is not an IP address"),

        ["cplb virtual servers with externalAddress before k0s 1.32"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                version: v1.31.5+k0s.0
                config:
                  spec:
                    api:
                      externalAddress: 10.0.0.100
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
                          virtualServers:
                            - ipAddress: 10.0.0.100
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.virtualServers", 20,
            "needs k0s 1.32.0 or later (spec.k0s.version is v1.31.5+k0s.0)"),

        ["cplb unicast peers before k0s 1.32"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                unicast: true
              k0s:
                version: v1.30.1+k0s.0
            """, "spec.loadBalancer.unicast", 11, "unicast VRRP: needs k0s 1.32.0 or later"),

        ["k0s config enables cplb beside haproxy-keepalived"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: loadbalancer
                  ssh: { address: 10.0.0.5 }
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: haproxy-keepalived
                virtualIP: 10.0.0.100/24
                authPass: pass1234
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.enabled", 18,
            "controlPlaneLoadBalancing is enabled here but spec.loadBalancer.type is haproxy-keepalived"),

        ["k0s config cplb disagrees with loadBalancer"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.200/24]
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualIPs", 19,
            "does not include spec.loadBalancer.virtualIP 10.0.0.100/24"),

        ["k0s config cplb block without enabled beside type cplb"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.enabled", 15,
            "enabled is not set, so k0s would leave CPLB off, but spec.loadBalancer.type is cplb; set enabled: true"),

        ["k0s config cplb leaves the router ID to k0s's default, unlike loadBalancer"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                virtualRouterID: 60
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualRouterID", 20,
            "virtualRouterID is not set, so k0s uses 51, but spec.loadBalancer.virtualRouterID is 60; set it to 60"),

        ["k0s config cplb leaves the interface to k0s, unlike loadBalancer"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                interface: eth1
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].interface", 20,
            "interface is not set, so k0s uses the default route's interface, but spec.loadBalancer.interface is eth1"),

        ["k0s config cplb block without authPass beside type cplb"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].authPass", 19,
            "authPass is required"),

        ["unicast with a cplb block in the k0s config"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                unicast: true
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
            """, "spec.loadBalancer.unicast", 11,
            "cannot be used with a controlPlaneLoadBalancing block written in the k0s config"),

        ["k0s config spec is a list"] = new(Controller + """

              k0s:
                config:
                  spec: [api]
            """, "spec.k0s.config.spec", 9, "expected a mapping, not a list"),

        ["k0s config sans is a single value"] = new(Controller + """

              k0s:
                config:
                  spec:
                    api:
                      sans: api.example.com
            """, "spec.k0s.config.spec.api.sans", 11, "expected a list, not a value"),

        ["k0s config VRRP instances are a mapping"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        keepalived:
                          vrrpInstances:
                            virtualIPs: [10.0.0.100/24]
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances", 14,
            "expected a list, not a mapping"),

        ["k0s config key is a list"] = new(Controller + """

              k0s:
                config:
                  ? [api]
                  : 1
            """, "spec.k0s.config", 9, "field names must be plain text"),

        ["k0s config key given twice through a tag"] = new(Controller + """

              k0s:
                config:
                  spec: {}
                  !!str spec: {}
            """, "spec.k0s.config.spec", 10, "field 'spec' is given twice"),

        ["k0s externalAddress differs from the virtual IP"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
              k0s:
                config:
                  spec:
                    api:
                      externalAddress: 10.0.0.99
            """, "spec.k0s.config.spec.api.externalAddress", 15, "is 10.0.0.99 but spec.loadBalancer.virtualIP is 10.0.0.100"),

        ["node-local load balancing with an external address"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: external
                address: lb.example.com
              k0s:
                config:
                  spec:
                    network:
                      nodeLocalLoadBalancing:
                        enabled: true
            """, "spec.k0s.config.spec.network.nodeLocalLoadBalancing.enabled", 15,
            "node-local load balancing cannot be used with an external address"),

        ["k0s api port out of range"] = new(Controller + """

              k0s:
                config:
                  spec:
                    api:
                      port: 99999
            """, "spec.k0s.config.spec.api.port", 11, "'99999' is not a port"),

        ["k0s version is not a version"] = new(Controller + """

              k0s:
                version: latest
            """, "spec.k0s.version", 8, "'latest' is not a k0s version"),

        ["hostname with a '!'"] = new(Controller + """

                  hostname: cp!1
            """, "spec.hosts[0].hostname", 7, "'cp!1' is not a valid host name"),

        ["hostname is another host's address"] = new(Controller + """

                - role: controller
                  hostname: 10.0.0.11
                  ssh: { address: 10.0.0.12 }
            """, "spec.hosts[1].hostname", 8,
            "'10.0.0.11' is also the address of spec.hosts[0], which has no hostname and so is named by it; give spec.hosts[0] a hostname"),

        ["privateInterface with a brace"] = new(Controller + """

                  privateInterface: "eth{0}"
            """, "spec.hosts[0].privateInterface", 7, "'eth{0}' cannot be written into keepalived.conf"),

        ["privateInterface longer than 15 characters"] = new(Controller + """

                  privateInterface: enp0s31f6-uplink0
            """, "spec.hosts[0].privateInterface", 7, "'enp0s31f6-uplink0' is 17 characters; Linux interface names have at most 15"),

        ["openSSH alias cannot name a controller in config files"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  openSSH: { address: admin@cp-1 }
            """, "spec.hosts[0].openSSH.address", 6,
            "'admin@cp-1' is not an IP address or host name, so it cannot stand for this host's hostname and privateAddress in config files; set hostname and privateAddress"),

        ["noTaints on a controller"] = new(Controller + """

                  noTaints: true
            """, "spec.hosts[0].noTaints", 7, "noTaints applies only to role controller+worker"),

        ["unbalanced quotes in installFlags"] = new(Controller + """

                  installFlags:
                    - --debug
                    - --labels="team=a
            """, "spec.hosts[0].installFlags[1]", 9, "unbalanced quotes in '--labels=\"team=a'"),

        ["install flag without dashes"] = new(Controller + """

                  installFlags: [debug]
            """, "spec.hosts[0].installFlags[0]", 7, "'debug' is not a flag"),

        ["missing keyPath file"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    keyPath: ~/.ssh/missing_key
            """, "spec.hosts[0].ssh.keyPath", 8, "key file not found: /nonexistent-home/.ssh/missing_key"),

        ["missing k0sBinaryPath file"] = new(Controller + """

                  uploadBinary: true
                  k0sBinaryPath: /nonexistent/k0s
            """, "spec.hosts[0].k0sBinaryPath", 8, "file not found: /nonexistent/k0s"),

        ["uploaded file without src or data"] = new(Controller + """

                  files:
                    - name: motd
                      dstDir: /etc
            """, "spec.hosts[0].files[0]", 8, "src or data is required"),

        ["environment variable name is invalid"] = new(Controller + """

                  environment:
                    HTTP-PROXY: http://proxy.example.com
            """, "spec.hosts[0].environment.HTTP-PROXY", 8, "'HTTP-PROXY' is not a valid environment variable name"),

        ["relative dataDir"] = new(Controller + """

                  dataDir: var/lib/k0s
            """, "spec.hosts[0].dataDir", 7, "must be an absolute path on the host"),

        ["loadBalancer in a k0sctl file"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              loadBalancer:
                type: cplb
            """, "spec.loadBalancer", 7, "loadBalancer needs apiVersion hactl.dev/v1beta1 (this file is k0sctl.k0sproject.io/v1beta1)"),

        ["loadbalancer role in a cfctl file"] = new("""
            apiVersion: cfctl.clusterfactory.io/v1beta1
            kind: cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
                - role: loadbalancer
                  ssh: { address: 10.0.0.5 }
            """, "spec.hosts[1].role", 7, "role loadbalancer needs apiVersion hactl.dev/v1beta1 (this file is cfctl.clusterfactory.io/v1beta1)"),

        ["unset environment variable"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: "${CONTROLLER_ADDRESS}" }
            """, "spec.hosts[0].ssh.address", 6, "environment variable CONTROLLER_ADDRESS is not set"),

        ["YAML syntax error"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                 ssh: { address: 10.0.0.11 }
            """, "", 6, "invalid YAML"),

        ["duplicate YAML key"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  role: worker
                  ssh: { address: 10.0.0.11 }
            """, "", 6, "invalid YAML: Duplicate key role"),

        ["k0s ClusterConfig given twice"] = new(Controller + """

              k0s:
                config:
                  spec: {}
            ---
            apiVersion: k0s.k0sproject.io/v1beta1
            kind: ClusterConfig
            spec: {}
            """, "ClusterConfig", 11, "the k0s ClusterConfig is given twice"),

        ["hosts is not a list"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts: controller
            """, "spec.hosts", 4, "expected a list, not a value"),

        ["hosts is an empty list"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts: []
            """, "spec.hosts", 4, "no hosts"),

        ["hosts missing"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              k0s: { version: v1.33.4+k0s.0 }
            """, "spec.hosts", 3, "hosts is required"),

        ["cluster name is invalid"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            metadata:
              name: Prod_Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
            """, "metadata.name", 4, "'Prod_Cluster' is not a valid cluster name"),

        ["k0sctl drain timeout is not a duration"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: { address: 10.0.0.11 }
              options:
                drain:
                  timeout: five minutes
            """, "spec.options.drain.timeout", 9, "'five minutes' is not a duration"),

        ["boolean field is not a boolean"] = new(Controller + """

                  uploadBinary: sometimes
            """, "spec.hosts[0].uploadBinary", 7, "expected true or false, not 'sometimes'"),

        ["virtualIP is the network's own address"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.0/24
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9,
            "10.0.0.0 is the network address of 10.0.0.0/24, where no client can reach the API; use a free address between 10.0.0.1 and 10.0.0.254"),

        ["virtualIP is the broadcast address"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.255/24
                authPass: pass1234
            """, "spec.loadBalancer.virtualIP", 9, "10.0.0.255 is the broadcast address of 10.0.0.0/24"),

        ["virtual IP in the k0s config's VRRP instance is the network address"] = new(CplbInK0sConfig("10.0.16.0/20"),
            "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualIPs[0]", 15,
            "10.0.16.0 is the network address of 10.0.16.0/20"),

        ["virtual IP in the k0s config's VRRP instance is a host's address"] = new(CplbInK0sConfig("10.0.0.11/24"),
            "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.vrrpInstances[0].virtualIPs[0]", 15,
            "10.0.0.11 is already the address of spec.hosts[0]; the virtual IP must be a free address"),

        ["kine with three controllers and no dataSource"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - { role: controller, ssh: { address: 10.0.0.11 } }
                - { role: controller, ssh: { address: 10.0.0.12 } }
                - { role: controller, ssh: { address: 10.0.0.13 } }
              loadBalancer: { type: external, address: lb.example.com }
              k0s:
                config:
                  spec:
                    storage:
                      type: kine
            """, "spec.k0s.config.spec.storage.type", 13,
            "storage type kine with 3 controllers and no kine.dataSource: each controller would keep its own SQLite database, so the 3 controllers would be 3 separate clusters; use storage type etcd"),

        ["kine on one controller"] = new(Controller + """

              k0s:
                config:
                  spec:
                    storage:
                      type: kine
                      kine: { dataSource: "mysql://k0s:pw@tcp(db:3306)/k0s" }
            """, "spec.k0s.config.spec.storage.type", 11,
            "storage type kine cannot be used: apply checks etcd membership with 'k0s etcd member-list', which k0s refuses for kine"),

        ["unknown storage type"] = new(Controller + """

              k0s:
                config:
                  spec:
                    storage: { type: etc }
            """, "spec.k0s.config.spec.storage.type", 10, "unknown storage type 'etc'; k0s supports etcd and kine"),

        ["external etcd cluster"] = new(Controller + """

              k0s:
                config:
                  spec:
                    storage:
                      type: etcd
                      etcd:
                        externalCluster:
                          endpoints: [https://etcd.example.com:2379]
            """, "spec.k0s.config.spec.storage.etcd.externalCluster", 13,
            "an external etcd cluster cannot be used: apply checks etcd membership with 'k0s etcd member-list'"),

        ["k0s api port differs from HAProxy's frontend"] = new(SpecTexts.HaproxyKeepalived + """

              k0s:
                config:
                  spec:
                    api: { port: 7443 }
            """, "spec.k0s.config.spec.api.port", 20,
            "k0s listens on port 7443 (spec.api.port) but HAProxy forwards spec.loadBalancer.ports.api (6443) to that port on each controller; set both to the same port"),

        ["k0s join API port differs from HAProxy's frontend"] = new(SpecTexts.HaproxyKeepalived + """

              k0s:
                config:
                  spec:
                    api: { k0sApiPort: 9444 }
            """, "spec.k0s.config.spec.api.k0sApiPort", 20,
            "k0s listens on port 9444 (spec.api.k0sApiPort) but HAProxy forwards spec.loadBalancer.ports.controllerJoin (9443)"),

        ["HAProxy's konnectivity frontend differs from k0s's agent port"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - { role: loadbalancer, ssh: { address: 10.0.0.5 } }
                - { role: controller, ssh: { address: 10.0.0.11 } }
              loadBalancer:
                type: haproxy-keepalived
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                ports: { konnectivity: 8134 }
            """, "spec.loadBalancer.ports.konnectivity", 11,
            "k0s listens on its default port 8132 (spec.konnectivity.agentPort) but HAProxy forwards spec.loadBalancer.ports.konnectivity (8134)"),

        ["k0s api port without a load balancer"] = new(Controller + """

              k0s:
                config:
                  spec:
                    api: { port: 7443 }
            """, "spec.k0s.config.spec.api.port", 10,
            "k0s listens on port 7443 (spec.api.port) but apply waits for the API on spec.loadBalancer.ports.api (6443, fixed without spec.loadBalancer); use port 6443"),

        ["cplb ports.api differs from k0s's api port"] = new(Controller + """

              loadBalancer:
                type: cplb
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                ports: { api: 443 }
            """, "spec.loadBalancer.ports.api", 11,
            "k0s listens on its default port 6443 (spec.api.port) but apply waits for the API on spec.loadBalancer.ports.api (443); set both to the same port"),

        ["two k0s ports collide"] = new(Controller + """

              k0s:
                config:
                  spec:
                    konnectivity: { adminPort: 9443 }
            """, "spec.k0s.config.spec.konnectivity.adminPort", 10,
            "port 9443 is also spec.k0s.config.spec.api.k0sApiPort (k0s's default) on every controller; k0s cannot listen on it twice"),

        ["k0s port is etcd's"] = new(Controller + """

              k0s:
                config:
                  spec:
                    api: { k0sApiPort: 2380 }
            """, "spec.k0s.config.spec.api.k0sApiPort", 10, "port 2380 is also etcd's peer port on every controller"),

        ["HAProxy frontend on the loadbalancer host's ssh port"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: loadbalancer
                  ssh: { address: 10.0.0.5, port: 2222 }
                - { role: controller, ssh: { address: 10.0.0.11 } }
              loadBalancer:
                type: haproxy-keepalived
                virtualIP: 10.0.0.100/24
                authPass: pass1234
                stats: { port: 2222 }
            """, "spec.loadBalancer.stats.port", 12,
            "port 2222 is spec.hosts[0]'s ssh port (spec.hosts[0].ssh.port): HAProxy binds it on every address of that loadbalancer host, where sshd already listens"),

        ["stats bound to one host's IPv6 address"] = new(SpecTexts.HaproxyKeepalived + """

                stats: { port: 9000, bind: "fd00::5" }
            """, "spec.loadBalancer.stats.bind", 17,
            "fd00::5 is an IPv6 address of at most one host, but every loadbalancer host gets the same haproxy.cfg"),

        ["ssh user with a ';'"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    user: "admin;id"
            """, "spec.hosts[0].ssh.user", 8, "'admin;id' cannot be an ssh user: ssh refuses a name that starts with '-'"),

        ["ssh user with a ':'"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    user: "admin:x"
            """, "spec.hosts[0].ssh.user", 8, "'admin:x' cannot be a user on the host: ':' separates the fields of /etc/passwd"),

        ["bastion user starting with '-'"] = new("""
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh:
                    address: 10.0.0.11
                    bastion: { address: 10.0.0.2, user: -oProxyCommand=x }
            """, "spec.hosts[0].ssh.bastion.user", 8, "'-oProxyCommand=x' cannot be an ssh user"),

        ["openSSH address ssh refuses"] = new(Controller + """

                - role: worker
                  openSSH: { address: "box 2" }
            """, "spec.hosts[1].openSSH.address", 8, "'box 2' cannot be an ssh destination: ssh refuses a host that is empty, starts with '-', or holds spaces"),

        ["openSSH user ssh refuses"] = new(Controller + """

                - role: worker
                  openSSH: { address: box2, user: "a|b" }
            """, "spec.hosts[1].openSSH.user", 8, "'a|b' cannot be an ssh user"),

        ["privateAddress is 0.0.0.0"] = new(Controller + """

                  privateAddress: 0.0.0.0
            """, "spec.hosts[0].privateAddress", 7, "0.0.0.0 means any address, which k0s refuses as this host's address"),

        ["controller on localhost among other hosts"] = new("""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  localhost: { enabled: true }
                - role: worker
                  ssh: { address: 10.0.0.21 }
            """, "spec.hosts[0].localhost", 6,
            "127.0.0.1 is a loopback address, so the other hosts would reach themselves instead of this controller (etcd peers, joins, load balancer backends); set privateAddress"),

        ["k0s version without its +k0s build"] = new(Controller + """

              k0s:
                version: v1.33.4
            """, "spec.k0s.version", 8,
            "'v1.33.4' is not a k0s version: write vMAJOR.MINOR.PATCH+k0s.N, e.g. v1.33.4+k0s.0 (the v optional)"),

        ["k0s version that is a minor only"] = new(Controller + """

              k0s:
                version: "1.34"
            """, "spec.k0s.version", 8,
            "'1.34' is not a k0s version: write vMAJOR.MINOR.PATCH+k0s.N, e.g. v1.33.4+k0s.0 (the v optional)"),

        ["install flag --config on a controller"] = new(Controller + """

                  installFlags: [--config=/root/my-k0s.yaml]
            """, "spec.hosts[0].installFlags[0]", 7, "--config is hactl's: it points k0s at the k0s.yaml it renders from spec.k0s.config"),

        ["install flag --token-file"] = new(Controller + """

                - role: worker
                  ssh: { address: 10.0.0.21 }
                  installFlags: ["--token-file /tmp/token"]
            """, "spec.hosts[1].installFlags[0]", 9, "--token-file is hactl's"),

        ["cplb virtual server with a zero delayLoop"] = new(CplbInK0sConfig("10.0.0.100/24") + """

                          virtualServers:
                            - ipAddress: 10.0.0.100
                              delayLoop: 0s
            """, "spec.k0s.config.spec.network.controlPlaneLoadBalancing.keepalived.virtualServers[0].delayLoop", 19,
            "delayLoop is 0s; k0s needs a positive duration, e.g. 1m (its default)"),
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
