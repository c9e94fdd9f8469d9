using System.Text;
using HaCluster.Spec;

namespace HaCluster.Cli.Commands;

/// <summary>
/// The commented starting config <c>hactl init</c> prints. Addresses come from 10.0.0.0/24 (load balancers and
/// controllers) and 10.0.1.0/24 (workers), to be replaced; the VRRP password comes from <c>${VRRP_PASS}</c>.
/// </summary>
internal static class InitTemplate
{
    public const int MaxControllers = 9;
    public const int MaxWorkers = 240;
    public const string K0sVersion = "v1.33.4+k0s.0";
    public const string PasswordVariable = "VRRP_PASS";

    public static string Render(int controllers, int workers, string loadBalancerType)
    {
        var yaml = new StringBuilder();
        var vrrp = loadBalancerType != LoadBalancerTypes.External;
        yaml.AppendLine("# hactl cluster config, written by 'hactl init'.");
        yaml.AppendLine("# Replace the example addresses (10.0.0.x, 10.0.1.x) with your machines', then:");
        if (vrrp)
        {
            yaml.AppendLine($"#   export {PasswordVariable}=...    # the VRRP password, at most 8 characters");
        }
        yaml.AppendLine("#   hactl validate --config cluster.yaml");
        yaml.AppendLine("#   hactl apply --config cluster.yaml");
        yaml.AppendLine($"apiVersion: {ApiVersions.Hactl}");
        yaml.AppendLine("kind: Cluster");
        yaml.AppendLine("metadata:");
        yaml.AppendLine("  name: k0s-cluster");
        yaml.AppendLine("spec:");
        yaml.AppendLine("  hosts:");
        yaml.AppendLine("    # ssh: user defaults to root, port to 22; keyPath (e.g. ~/.ssh/id_ed25519) to your agent and ~/.ssh/config.");
        if (loadBalancerType == LoadBalancerTypes.HaproxyKeepalived)
        {
            yaml.AppendLine("    # Load balancers: HAProxy in front of the controllers, keepalived holding the virtual IP.");
            AppendHosts(yaml, Roles.LoadBalancer, 2, i => $"10.0.0.{5 + i}");
        }
        yaml.AppendLine("    # Controllers: the control plane with stacked etcd; an odd number, 3 or more.");
        AppendHosts(yaml, Roles.Controller, controllers, i => $"10.0.0.{11 + i}");
        if (workers > 0)
        {
            yaml.AppendLine("    # Workers run the workloads.");
            AppendHosts(yaml, Roles.Worker, workers, i => $"10.0.1.{11 + i}");
        }
        AppendLoadBalancer(yaml, loadBalancerType);
        yaml.AppendLine("  k0s:");
        yaml.AppendLine($"    version: {K0sVersion}");
        return yaml.ToString();
    }

    private static void AppendHosts(StringBuilder yaml, string role, int count, Func<int, string> address)
    {
        for (var i = 0; i < count; i++)
        {
            yaml.AppendLine($"    - role: {role}");
            yaml.AppendLine("      ssh:");
            yaml.AppendLine($"        address: {address(i)}");
        }
    }

    private static void AppendLoadBalancer(StringBuilder yaml, string type)
    {
        yaml.AppendLine("  loadBalancer:");
        yaml.AppendLine($"    type: {type}");
        if (type == LoadBalancerTypes.External)
        {
            yaml.AppendLine("    address: 10.0.0.100   # your load balancer: it forwards 6443, 8132 and 9443 to the controllers");
            return;
        }
        var holders = type == LoadBalancerTypes.Cplb ? "controllers" : "load balancers";
        yaml.AppendLine($"    virtualIP: 10.0.0.100/24   # a free address on the {holders}' network");
        yaml.AppendLine("    virtualRouterID: 51        # unique per VRRP network, 1-255");
        yaml.AppendLine($"    authPass: ${{{PasswordVariable}}}     # read from the environment, at most 8 characters");
    }
}
