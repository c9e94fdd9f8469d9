using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using HaCluster.Model;
using HaCluster.Rendering;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Rendering.RealTools;

/// <summary>The rendered check script, run for real against a local TLS listener standing in for HAProxy.</summary>
[SupportedOSPlatform("linux")]
public sealed class CheckScriptTests
{
    [Fact]
    public void Check_script_is_valid_posix_sh()
    {
        using var dir = new TempDir();
        var script = dir.Write("check_apiserver.sh", KeepalivedConfigRenderer.RenderCheckScript(ClusterOnPort(6443)), Modes.Script);

        var result = ToolProcess.Run("/bin/sh", "-n", script);

        result.ExitCode.Should().Be(0, result.Output);
    }

    [Fact]
    public async Task Check_script_succeeds_when_readyz_answers_200_on_the_local_api_port()
    {
        using var dir = new TempDir();
        var port = FreePort();
        var script = dir.Write("check_apiserver.sh", KeepalivedConfigRenderer.RenderCheckScript(ClusterOnPort(port)), Modes.Script);
        using var listener = await TlsListener.StartAsync(dir, port);

        var result = ToolProcess.Run(script);

        result.ExitCode.Should().Be(0, result.Output);
    }

    [Fact]
    public void Check_script_fails_when_nothing_listens_on_the_local_api_port()
    {
        using var dir = new TempDir();
        var script = dir.Write("check_apiserver.sh", KeepalivedConfigRenderer.RenderCheckScript(ClusterOnPort(FreePort())), Modes.Script);

        var result = ToolProcess.Run(script);

        result.ExitCode.Should().NotBe(0);
    }

    private static ClusterModel ClusterOnPort(int port)
    {
        var cluster = Topologies.All["haproxy-1lb-1c"];
        return cluster with { LoadBalancer = cluster.LoadBalancer with { ApiPort = port } };
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>`openssl s_server -www` on 127.0.0.1: answers any HTTPS GET with 200, like a healthy /readyz.</summary>
    private sealed class TlsListener : IDisposable
    {
        private const string OpenSsl = "/usr/bin/openssl";
        private readonly StartedProcess process;

        private TlsListener(StartedProcess process) => this.process = process;

        public static async Task<TlsListener> StartAsync(TempDir dir, int port)
        {
            var key = Path.Combine(dir.Path, "key.pem");
            var cert = Path.Combine(dir.Path, "cert.pem");
            var made = ToolProcess.Run(OpenSsl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=localhost", "-days", "1");
            made.ExitCode.Should().Be(0, made.Output);

            var listener = new TlsListener(
                ProcessRunner.Start(OpenSsl, ["s_server", "-accept", $"127.0.0.1:{port}", "-www", "-quiet", "-cert", cert, "-key", key]));
            try
            {
                await Poll.UntilAsync($"openssl s_server to listen on port {port}", TimeSpan.FromSeconds(10),
                    () => listener.AcceptsAsync(port), accepts => accepts, every: TimeSpan.FromMilliseconds(50));
            }
            catch
            {
                listener.Dispose();
                throw;
            }
            return listener;
        }

        public void Dispose() => process.Dispose();

        private async Task<bool> AcceptsAsync(int port)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"openssl s_server exited: {(await process.WaitAsync(TimeSpan.FromSeconds(5))).StdErr}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
