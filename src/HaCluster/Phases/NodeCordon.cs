using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Spec;

namespace HaCluster.Phases;

/// <summary>Cordoning and draining a node before its k0s restarts, from a controller, with k0sctl's spec.options.drain.</summary>
internal static class NodeCordon
{
    /// <summary>Whether the node is cordoned already (by its operator): then the upgrade leaves it cordoned.</summary>
    public static async Task<bool> IsCordonedAsync(HostSession controller, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var output = await controller.QueryAsync(K0sCommands.Kubectl("get", "node", node, "-o", "jsonpath={.spec.unschedulable}"), cancellationToken);
        return output.Trim() == "true";
    }

    public static Task CordonAsync(HostWriter controller, string node, CancellationToken cancellationToken) =>
        (controller ?? throw new ArgumentNullException(nameof(controller))).RunAsync(K0sCommands.Kubectl("cordon", node), cancellationToken);

    public static Task UncordonAsync(HostWriter controller, string node, CancellationToken cancellationToken) =>
        (controller ?? throw new ArgumentNullException(nameof(controller))).RunAsync(K0sCommands.Kubectl("uncordon", node), cancellationToken);

    public static Task DrainAsync(HostWriter controller, string node, DrainOptionsSpec drain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller.RunAsync(K0sCommands.Kubectl(["drain", node, .. DrainFlags(drain)]), cancellationToken);
    }

    /// <summary>kubectl drain's flags for the options, as k0sctl passes them.</summary>
    public static IReadOnlyList<string> DrainFlags(DrainOptionsSpec drain)
    {
        ArgumentNullException.ThrowIfNull(drain);
        var flags = new List<string>
        {
            $"--grace-period={Seconds(drain.GracePeriod)}",
            $"--timeout={drain.Timeout}",
        };
        if (drain.Force)
        {
            flags.Add("--force");
        }
        if (drain.IgnoreDaemonSets)
        {
            flags.Add("--ignore-daemonsets");
        }
        if (drain.DeleteEmptyDirData)
        {
            flags.Add("--delete-emptydir-data");
        }
        if (drain.PodSelector is { Length: > 0 } selector)
        {
            flags.Add($"--pod-selector={selector}");
        }
        if (Seconds(drain.SkipWaitForDeleteTimeout) > 0)
        {
            flags.Add($"--skip-wait-for-delete-timeout={Seconds(drain.SkipWaitForDeleteTimeout)}");
        }
        return flags;
    }

    private static int Seconds(string duration) =>
        GoDuration.TryParse(duration, out var span) ? (int)span.TotalSeconds : throw new FormatException($"'{duration}' is not a duration");
}
