namespace HaCluster.EndToEnd.Operations;

/// <summary>Edits of the lab's cluster.yaml, whose hosts are blocks starting "    - role: ROLE" with an ssh address.</summary>
internal static class ClusterYaml
{
    private const string HostStart = "    - role: ";

    public static string WithoutHost(string yaml, string address)
    {
        var (start, end) = HostBlock(yaml, address);
        return yaml[..start] + yaml[end..];
    }

    public static string WithRole(string yaml, string address, string role)
    {
        var (start, _) = HostBlock(yaml, address);
        var lineEnd = yaml.IndexOf('\n', start);
        return yaml[..start] + HostStart + role + yaml[lineEnd..];
    }

    private static (int Start, int End) HostBlock(string yaml, string address)
    {
        var at = yaml.IndexOf($"address: {address}\n", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"no host with address {address} in the config", nameof(address));
        }
        var start = yaml.LastIndexOf(HostStart, at, StringComparison.Ordinal);
        var next = yaml.IndexOf(HostStart, at, StringComparison.Ordinal);
        var end = next >= 0 ? next : yaml.IndexOf("  loadBalancer:", at, StringComparison.Ordinal);
        return (start, end);
    }
}
