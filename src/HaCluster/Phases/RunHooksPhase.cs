using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Phases;

/// <summary>Runs the user's hooks for an action and stage (e.g. apply.before) on each host that has them, as k0sctl does.</summary>
public sealed class RunHooksPhase(string action, string stage) : Phase
{
    public override string Title => $"Run {action}.{stage} hooks";

    public override bool ShouldRun(RunContext context) => context.Sessions.Any(h => Hooks(h).Count > 0);

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(context.Sessions.Where(h => Hooks(h).Count > 0), async (host, token) =>
        {
            foreach (var hook in Hooks(host))
            {
                // A hook is the user's own shell text, run as they wrote it; hactl adds nothing to it.
                await context.ChangeAsync(host, $"hook {action}.{stage}: {hook}",
                    (w, t) => w.RunAsync(RemoteCommand.Script($"hook {action}.{stage}", hook), t), token);
            }
        }, cancellationToken);

    private IReadOnlyList<string> Hooks(HostSession host) =>
        host.Host.Hooks.Actions.TryGetValue(action, out var stages) ? (stage == "before" ? stages.Before : stages.After) : [];
}
