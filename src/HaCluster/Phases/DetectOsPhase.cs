using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Reads /etc/os-release: the OS family decides the package manager; others are refused clearly.</summary>
public sealed class DetectOsPhase : Phase
{
    public override string Title => "Detect OS";

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            var text = await host.QueryAsync(RemoteCommand.Exec("cat", "/etc/os-release") with { AsRoot = false }, token);
            var os = OsInfo.Parse(text, out var description)
                ?? throw new HostException(host.Name, $"unsupported OS \"{description}\": hactl supports Debian/Ubuntu and RHEL-family hosts");
            host.Facts.Set(os);
        }, cancellationToken);
}
