using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using HaCluster.Model;
using HaCluster.Rendering;

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
    public void Check_script_succeeds_when_readyz_answers_200_on_the_local_api_port()
    {
        using var dir = new TempDir();
        var port = FreePort();
        var script = dir.Write("check_apiserver.sh", KeepalivedConfigRenderer.RenderCheckScript(ClusterOnPort(port)), Modes.Script);
        using var listener = TlsListener.Start(dir, port);

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
        private readonly Process process;

        private TlsListener(Process process) => this.process = process;

        public static TlsListener Start(TempDir dir, int port)
        {
            var key = Path.Combine(dir.Path, "key.pem");
            var cert = Path.Combine(dir.Path, "cert.pem");
            var made = ToolProcess.Run(OpenSsl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=localhost", "-days", "1");
            made.ExitCode.Should().Be(0, made.Output);

            var info = new ProcessStartInfo(OpenSsl)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-www", "-quiet", "-cert", cert, "-key", key })
            {
                info.ArgumentList.Add(argument);
            }

            var listener = new TlsListener(Process.Start(info)!);
            listener.WaitUntilListening(port);
            return listener;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        private void WaitUntilListening(int port)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"openssl s_server exited: {process.StandardError.ReadToEnd()}");
                }

                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            Dispose();
            throw new TimeoutException($"openssl s_server did not listen on port {port}");
        }
    }
}
