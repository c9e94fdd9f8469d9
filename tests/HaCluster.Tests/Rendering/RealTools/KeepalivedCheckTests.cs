using System.Runtime.Versioning;
using HaCluster.Model;
using HaCluster.Rendering;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Rendering.RealTools;

/// <summary>
/// Debian's keepalived checks what the renderer writes (`keepalived -t`: parse only, nothing is started). It exits 0
/// when the file is missing, so every check first proves the file exists, and broken copies must fail.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class KeepalivedCheckTests
{
    private const string Keepalived = "/usr/sbin/keepalived";

    public static TheoryData<string, string> LoadBalancerHosts
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var topology in Topologies.HaproxyKeepalived)
            {
                foreach (var host in Topologies.All[topology].LoadBalancerHosts)
                {
                    data.Add(topology, host.Name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LoadBalancerHosts))]
    public void Keepalived_accepts_the_rendered_config_of_every_load_balancer_host(string topology, string host)
    {
        var (cluster, lbHost) = Find(topology, host);
        using var dir = new TempDir();

        var result = Check(dir, cluster, lbHost, rendered => rendered);

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().BeEmpty("keepalived -t reports every problem it finds, warnings included");
    }

    [Fact]
    public void Keepalived_rejects_a_corrupted_rendered_config()
    {
        var (cluster, lbHost) = Find("haproxy-3lb-5c-unicast-stats-bind", "lb-2");
        using var dir = new TempDir();

        var result = Check(dir, cluster, lbHost, rendered => rendered.Replace("advert_int 1", "advert_intt 1"));

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("Unknown keyword 'advert_intt'");
    }

    [Fact]
    public void Keepalived_refuses_a_check_script_that_others_can_modify()
    {
        var (cluster, lbHost) = Find("haproxy-2lb-3c-multicast-stats", "lb-1");
        using var dir = new TempDir();

        var result = Check(dir, cluster, lbHost, rendered => rendered, Modes.WorldWritableScript);

        result.ExitCode.Should().NotBe(0, "enable_script_security must be in force");
        result.Output.Should().Contain("insecure");
    }

    private static (ClusterModel Cluster, HostModel Host) Find(string topology, string host)
    {
        var cluster = Topologies.All[topology];
        return (cluster, cluster.Hosts.Single(h => h.Name == host));
    }

    /// <summary>
    /// Renders the config with the check script in the temp dir, then runs `keepalived -t` on it in a private network
    /// namespace holding a link by the rendered interface name (keepalived -t refuses interfaces that do not exist).
    /// The namespace and its links vanish when the command exits.
    /// </summary>
    private static ProcessResult Check(TempDir dir, ClusterModel cluster, HostModel lbHost, Func<string, string> edit,
        UnixFileMode scriptMode = Modes.Script)
    {
        var script = dir.Write("check_apiserver.sh", KeepalivedConfigRenderer.RenderCheckScript(cluster), scriptMode);
        var config = dir.Write("keepalived.conf", edit(KeepalivedConfigRenderer.Render(cluster, lbHost, script)), Modes.File);
        File.Exists(Keepalived).Should().BeTrue("keepalived must be installed (tests/install-packages installs it)");
        File.Exists(config).Should().BeTrue("keepalived -t passes a missing file");

        return ToolProcess.Run("/usr/bin/unshare", "--net", "/bin/sh", "-c",
            "/sbin/ip link add \"$1\" type veth peer name hactl-peer && exec \"$2\" -t -f \"$3\"",
            "sh", KeepalivedConfigRenderer.Interface(cluster.LoadBalancer, lbHost), Keepalived, config);
    }
}
