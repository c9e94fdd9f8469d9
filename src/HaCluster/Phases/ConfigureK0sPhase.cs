using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Writes /etc/k0s/k0s.yaml on each controller when it changed, validated by k0s before it goes live.</summary>
public sealed class ConfigureK0sPhase : Phase<RenderedCluster>
{
    public override string Title => "Configure k0s";

    public override bool ShouldRun(RunContext context, RenderedCluster cluster) => cluster.Controllers.Any();

    public override Task RunAsync(RunContext context, RenderedCluster cluster, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(cluster.Controllers, async (host, token) =>
        {
            var file = cluster.Of(host).Find(K0sPaths.Config)
                ?? throw new InvalidOperationException($"{host.Name}: no k0s.yaml was rendered");
            if (await HostFiles.WriteIfChangedAsync(context, host, file, Validate, token))
            {
                host.Changed.K0sConfigWritten();
            }
        }, cancellationToken);

    private static RemoteCommand Validate(string stagedPath) =>
        RemoteCommand.Exec(K0sPaths.Binary, "config", "validate", $"--config={stagedPath}");
}
