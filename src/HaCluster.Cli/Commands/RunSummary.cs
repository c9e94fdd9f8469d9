using HaCluster.Cli.Events;
using HaCluster.Pipeline;

namespace HaCluster.Cli.Commands;

/// <summary>The closing lines of a text run: the plan under --dry-run, the totals, where the log and kubeconfig are.</summary>
internal static class RunSummary
{
    /// <param name="nothingToDo">What a run that changed nothing says, e.g. "nothing to change, the cluster matches the config".</param>
    /// <param name="upgraded">How many hosts a k0s upgrade took (or, in a dry run, would take).</param>
    public static void Print(TextWriter output, RunContext context, RunOutcome outcome, string logPath, string? kubeconfigPath,
        string nothingToDo = "nothing to change, the cluster matches the config", int upgraded = 0)
    {
        var verb = context.Operation;
        if (context.Options.DryRun)
        {
            PrintPlan(output, context);
        }
        var changes = outcome.Changes == 1 ? "1 change" : $"{outcome.Changes} changes";
        output.WriteLine(outcome.Status switch
        {
            RunStatus.Succeeded when context.Options.DryRun => outcome.Changes == 0
                ? $"Dry run: {nothingToDo}."
                : $"Dry run: {changes} pending; nothing was changed.",
            RunStatus.Succeeded when outcome.Changes == 0 => $"{Capitalize(verb)} finished: {nothingToDo}.",
            RunStatus.Succeeded => $"{Capitalize(verb)} finished: {changes} made.",
            RunStatus.Cancelled => $"{Capitalize(verb)} interrupted after {changes}; locks and join tokens were released.",
            RunStatus.Failed when outcome.Error is RefusedException => $"{Capitalize(verb)} refused: nothing was changed.",
            _ => $"{Capitalize(verb)} failed after {changes}. Fix the cause and run it again: {verb} continues from where the hosts are.",
        });
        if (upgraded > 0)
        {
            var hosts = upgraded == 1 ? "1 host" : $"{upgraded} hosts";
            output.WriteLine(context.Options.DryRun ? $"k0s upgrade: {hosts} to upgrade, in the order listed."
                : outcome.Status == RunStatus.Succeeded ? $"k0s upgrade: {hosts} upgraded."
                : $"k0s upgrade: {hosts} upgraded before the run stopped; apply again to finish.");
        }
        if (kubeconfigPath is not null && outcome.Status == RunStatus.Succeeded && !context.Options.DryRun)
        {
            output.WriteLine($"Admin kubeconfig written to {kubeconfigPath} (mode 0600).");
        }
        output.WriteLine($"Log: {logPath}");
    }

    private static void PrintPlan(TextWriter output, RunContext context)
    {
        var hostOrder = context.Sessions.Select(s => s.Name).ToList();
        foreach (var host in context.Plan.ByHost(hostOrder))
        {
            output.WriteLine($"Plan for {host.Key}:");
            foreach (var phase in host.GroupBy(c => c.Phase))
            {
                output.WriteLine($"  {phase.Key}:");
                foreach (var change in phase)
                {
                    output.WriteLine($"    - {change.Action}");
                }
            }
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
