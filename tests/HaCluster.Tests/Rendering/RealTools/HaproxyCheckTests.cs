using System.Runtime.Versioning;
using HaCluster.Rendering;

namespace HaCluster.Tests.Rendering.RealTools;

/// <summary>Debian's haproxy checks what the renderer writes (`haproxy -c`: parse only, nothing is started).</summary>
[SupportedOSPlatform("linux")]
public sealed class HaproxyCheckTests
{
    private const string Haproxy = "/usr/sbin/haproxy";

    [Theory]
    [MemberData(nameof(Topologies.HaproxyKeepalivedNames), MemberType = typeof(Topologies))]
    public void Haproxy_accepts_the_rendered_config_without_warnings(string topology)
    {
        using var dir = new TempDir();
        var config = dir.Write("haproxy.cfg", HaproxyConfigRenderer.Render(Topologies.All[topology]), Modes.File);

        var result = ToolProcess.Run(Haproxy, "-c", "-f", config);

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("Configuration file is valid").And.NotContain("[WARNING]").And.NotContain("[ALERT]");
    }

    [Fact]
    public void Haproxy_rejects_a_corrupted_rendered_config()
    {
        using var dir = new TempDir();
        var rendered = HaproxyConfigRenderer.Render(Topologies.All["haproxy-2lb-3c-multicast-stats"]);
        var corrupted = dir.Write("haproxy.cfg", rendered.Replace("check check-ssl verify none", "check check-ssl verfy none"), Modes.File);

        var result = ToolProcess.Run(Haproxy, "-c", "-f", corrupted);

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("[ALERT]").And.Contain("verfy");
    }
}
