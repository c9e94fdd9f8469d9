using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Reads /etc/os-release: the OS family decides the package manager; others are refused clearly.</summary>
public sealed class DetectOsPhase : Phase<object, OsDetected>
{
    public override string Title => "Detect OS";

    public override async Task<OsDetected> RunAsync(RunContext context, object state, CancellationToken cancellationToken)
    {
        var systems = new ConcurrentDictionary<HostSession, OsInfo>();
        await context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            var text = await host.QueryAsync(RemoteCommand.Exec("cat", "/etc/os-release") with { AsRoot = false }, token);
            systems[host] = OsInfo.Parse(text, out var description)
                ?? throw new HostException(host.Name, $"unsupported OS \"{description}\": hactl supports Debian/Ubuntu and RHEL-family hosts");
        }, cancellationToken);
        return new OsDetected(systems);
    }
}
