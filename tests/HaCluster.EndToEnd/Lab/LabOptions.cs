namespace HaCluster.EndToEnd.Lab;

/// <summary>What <c>tests/lab/lab up</c> is asked for.</summary>
public sealed record LabOptions
{
    public int Hosts { get; init; } = 3;

    /// <summary>haproxy-keepalived, cplb or external (see <see cref="LabTopologies"/>).</summary>
    public string Topology { get; init; } = LabTopologies.HaproxyKeepalived;

    /// <summary>--host-opt values, e.g. <c>h3:user=deploy,sudo=nopasswd</c> or <c>h5:port=2222</c>.</summary>
    public IReadOnlyList<string> HostOptions { get; init; } = [];

    /// <summary>The k0s binary cluster.yaml points at; null for the k0s stand-in (published on first use).</summary>
    public string? K0sPath { get; init; }

    internal IEnumerable<string> UpArguments()
    {
        yield return "--hosts";
        yield return Hosts.ToString();
        yield return "--topology";
        yield return Topology;
        foreach (var option in HostOptions)
        {
            yield return "--host-opt";
            yield return option;
        }

        if (K0sPath is not null)
        {
            yield return "--k0s";
            yield return K0sPath;
        }
    }
}

public static class LabTopologies
{
    public const string HaproxyKeepalived = "haproxy-keepalived";
    public const string Cplb = "cplb";
    public const string External = "external";
}

/// <summary>The faults <c>lab fault</c> knows, for <see cref="Lab.FaultAsync"/>.</summary>
public static class LabFaults
{
    public const string SshdStop = "sshd-stop";
    public const string SshdStart = "sshd-start";
    public const string Isolate = "isolate";
    public const string Restore = "restore";
    public const string Freeze = "freeze";
    public const string Thaw = "thaw";
    public const string Kill = "kill";
    public const string PowerOff = "poweroff";
}
