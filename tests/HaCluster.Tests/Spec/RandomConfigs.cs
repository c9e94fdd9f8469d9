using System.Text;

namespace HaCluster.Tests.Spec;

/// <summary>
/// Configs built from random choices, mostly ordinary values and sometimes awkward ones, in every field that reaches a
/// rendered file: host names and addresses, interfaces, the VRRP password and virtual IP, stats, the k0s config.
/// The same seed gives the same configs.
/// </summary>
internal sealed class RandomConfigs(int seed)
{
    private const double Awkward = 0.15;

    private static readonly Choice AuthPasses = new(["pass1234", "s3cret", "pw-7x%q", "12345678", "a"],
        ["pw-7x!q", "a b", "x#y", "", "hunter2hunter2", "$$ab", "{ab}", "q\"t", "it's", "back\\sl", "ünï", "tab\tx"]);
    private static readonly Choice Interfaces = new(["eth0", "ens4", "eth0.100", "bond0", "enp0s31f6"],
        ["eth#0", "a{b", "enp0s31f6-uplink0", "x/y", "$$IF", "'q'", "bond0:1", ".", "tab\tx", "a!b", ""]);
    private static readonly Choice HostNames = new(["cp-{n}", "node{n}.example.com", "host-{n}"],
        ["cp!{n}", "10.0.0.1{n}", "x y{n}", "{n}", "a_b{n}", ""]);
    private static readonly Choice SshAddresses = new(["10.0.0.1{n}", "10.0.1.{n}"], ["fd00::{n}", "host{n}.example.com"]);
    private static readonly Choice OpenSshAddresses = new(["box{n}", "10.0.0.1{n}"], ["admin@box{n}", "../box{n}", "my#box{n}", "/abs{n}", "a b{n}"]);
    private static readonly Choice PrivateAddresses = new(["192.168.0.{n}"], ["fd01::{n}", "192.168.0.1"]);
    private static readonly Choice VirtualIPs = new(["10.0.0.100/24", "192.168.0.200/24"], ["fd00::100/64", "10.0.0.11/24", "10.0.0.100"]);
    private static readonly Choice StatsBinds = new(["127.0.0.1", "*"], ["::1", "0.0.0.0", "localhost"]);
    private static readonly Choice RouterIds = new(["51", "60"], ["0", "255"]);
    private static readonly Choice Roles = new(["controller"], ["controller+worker", "single"]);

    private static readonly Choice K0sConfigs = new(
    [
        "{ spec: { api: { sans: [api.example.com] } } }",
        "{ spec: { network: { provider: calico } } }",
        "{ metadata: { name: k0s }, spec: { storage: { type: etcd } } }",
        "{ apiVersion: k0s.k0sproject.io/v1beta1, kind: ClusterConfig }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.100/24], authPass: pass1234 } ] } } } } }",
    ],
    [
        "{ spec: { api: { sans: api.example.com } } }",
        "{ spec: [api] }",
        "{ spec: x }",
        "{ metadata: x }",
        "{ metadata: { name: [a] } }",
        "{ kind: [x] }",
        "{ spec: { api: x } }",
        "{ spec: { api: { sans: [[a]] } } }",
        "{ spec: { storage: { type: etcd, etcd: x } } }",
        "{ spec: { storage: { type: [etcd] } } }",
        "{ spec: { storage: { type: kine } } }",
        "{ spec: { network: x } }",
        "{ spec: { network: { nodeLocalLoadBalancing: { enabled: yes } } } }",
        "{ spec: { api: { externalAddress: 10.0.0.100 } } }",
        "{ spec: { api: { externalAddress: [a] } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: x } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: x } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.100/24], authPass: pass1234 } ] } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.100/24], authPass: 'p#ss' } ] } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: [fd00::100/64], authPass: pass1234 } ] } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.100/24], authPass: pass1234, virtualRouterID: 60, interface: eth1 } ] } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: 10.0.0.100/24, authPass: [pass1234] } ] } } } } }",
        "{ spec: { network: { controlPlaneLoadBalancing: { enabled: true, keepalived: { vrrpInstances: [ { virtualIPs: [10.0.0.100/24], authPass: pass1234 }, { virtualIPs: [10.0.0.101/24], authPass: pass1234 } ] } } } } }",
    ]);

    private static readonly string[] LoadBalancerTypes = ["", "haproxy-keepalived", "cplb", "external"];

    private readonly Random random = new(seed);

    public string Next()
    {
        var yaml = new StringBuilder();
        var type = LoadBalancerTypes[random.Next(LoadBalancerTypes.Length)];
        // Without spec.loadBalancer, a k0sctl file takes its load balancer from the k0s config (CPLB or externalAddress).
        var apiVersion = type.Length == 0 && Maybe(0.5) ? "k0sctl.k0sproject.io/v1beta1" : "hactl.dev/v1beta1";
        yaml.Append($"apiVersion: {apiVersion}\nkind: Cluster\nspec:\n  hosts:\n");
        var number = 0;
        var lbHosts = type == "haproxy-keepalived" ? random.Next(0, 3) : Maybe(0.05) ? 1 : 0;
        for (var i = 0; i < lbHosts; i++)
        {
            Host(yaml, "loadbalancer", ++number);
        }
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            Host(yaml, Pick(Roles), ++number);
        }
        for (var i = random.Next(0, 2); i > 0; i--)
        {
            Host(yaml, "worker", ++number);
        }
        if (type.Length > 0)
        {
            LoadBalancer(yaml, type);
        }
        if (Maybe(0.5))
        {
            yaml.Append($"  k0s:\n    config: {Pick(K0sConfigs)}\n");
        }
        return yaml.ToString();
    }

    private void Host(StringBuilder yaml, string role, int number)
    {
        yaml.Append($"    - role: {role}\n");
        if (Maybe(0.7))
        {
            yaml.Append($"      ssh: {{ address: {Quote(Pick(SshAddresses, number))} }}\n");
        }
        else
        {
            yaml.Append($"      openSSH: {{ address: {Quote(Pick(OpenSshAddresses, number))} }}\n");
        }
        Optional(yaml, "      hostname", 0.3, HostNames, number);
        Optional(yaml, "      privateAddress", 0.3, PrivateAddresses, number);
        Optional(yaml, "      privateInterface", 0.3, Interfaces, number);
    }

    private void LoadBalancer(StringBuilder yaml, string type)
    {
        yaml.Append($"  loadBalancer:\n    type: {type}\n");
        if (type == "external")
        {
            yaml.Append("    address: lb.example.com\n");
            return;
        }
        Optional(yaml, "    virtualIP", 0.95, VirtualIPs, 0);
        Optional(yaml, "    authPass", 0.95, AuthPasses, 0);
        Optional(yaml, "    interface", 0.4, Interfaces, 0);
        Optional(yaml, "    virtualRouterID", 0.3, RouterIds, 0, quoted: false);
        if (Maybe(0.3))
        {
            yaml.Append("    unicast: true\n");
        }
        if (type == "haproxy-keepalived" && Maybe(0.3))
        {
            yaml.Append(Maybe(0.5) ? "    stats: { port: 9000 }\n" : $"    stats: {{ port: 9000, bind: {Quote(Pick(StatsBinds))} }}\n");
        }
    }

    private void Optional(StringBuilder yaml, string field, double probability, Choice choice, int number, bool quoted = true)
    {
        if (Maybe(probability))
        {
            var value = Pick(choice, number);
            yaml.Append($"{field}: {(quoted ? Quote(value) : value)}\n");
        }
    }

    private string Pick(Choice choice, int number = 0)
    {
        var values = Maybe(Awkward) ? choice.Awkward : choice.Ordinary;
        return values[random.Next(values.Length)].Replace("{n}", $"{number}", StringComparison.Ordinal);
    }

    private bool Maybe(double probability) => random.NextDouble() < probability;

    // Single quotes keep every character as written (backslash and tab included); only ' itself is doubled.
    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private sealed record Choice(string[] Ordinary, string[] Awkward);
}
