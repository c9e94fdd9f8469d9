using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Writes /etc/k0s/k0s.yaml on each controller when it changed, validated by k0s before it goes live.</summary>
public sealed class ConfigureK0sPhase : Phase
{
    public override string Title => "Configure k0s";

    public override bool ShouldRun(RunContext context) => context.Controllers.Any();

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Controllers, async (host, token) =>
        {
            var file = host.Facts.Get<DesiredFiles>().Find(K0sPaths.Config)
                ?? throw new InvalidOperationException($"{host.Name}: no k0s.yaml was rendered");
            if (await HostFiles.WriteIfChangedAsync(context, host, file, Validate, token))
            {
                host.Facts.Set(new K0sConfigChanged());
            }
        }, cancellationToken);

    private static RemoteCommand Validate(string stagedPath) =>
        RemoteCommand.Exec(K0sPaths.Binary, "config", "validate", $"--config={stagedPath}");
}

/// <summary>Marks a controller whose k0s.yaml changed in this run.</summary>
public sealed record K0sConfigChanged;
