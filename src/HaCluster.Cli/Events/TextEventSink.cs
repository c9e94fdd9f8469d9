using System.Globalization;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Cli.Events;

/// <summary>Human output: a line per phase and per host action, with timings.</summary>
internal sealed class TextEventSink(TextWriter writer) : IEventSink
{
    private readonly Lock gate = new();
    private string? heading; // the last phase heading written, under gate

    public void Emit(RunEvent e)
    {
        lock (gate)
        {
            if (e.Event == EventKinds.PhaseStarted)
            {
                heading = e.Phase;
            }
            if (Line(e) is { } line)
            {
                writer.WriteLine(line);
                writer.Flush();
            }
        }
    }

    private string? Line(RunEvent e) =>
        e.Event switch
        {
            EventKinds.RunStarted => e.Transport is null ? null : $"hactl {e.Operation} over {TransportText(e)}",
            EventKinds.PhaseStarted => $"==> {e.Phase}",
            EventKinds.PhaseFinished when e.Status != "ok" => $"    {e.Phase}: {e.Status} after {Seconds(e.DurationSeconds)}",
            EventKinds.PhaseFinished => null,
            EventKinds.PhaseSkipped => null,
            EventKinds.HostAction => $"    [{e.Host}] {Behind(e)}{e.Action} ({Seconds(e.DurationSeconds)})",
            EventKinds.PlanItem => $"    [{e.Host}] would {e.Action}",
            EventKinds.Info => $"    {Prefix(e)}{e.Message}",
            EventKinds.Warning => $"    warning: {Prefix(e)}{e.Message}",
            EventKinds.Error => ErrorText(e),
            _ => null,
        };

    private static string ErrorText(RunEvent e)
    {
        var text = $"error in phase \"{e.Phase}\": {e.Message}";
        if (e.Command is { Length: > 0 } command)
        {
            text += $"\n    command: {command}";
        }
        return text;
    }

    // "sshnet", or "sshnet (openssh: lb1, lb2)" when the run uses both.
    private static string TransportText(RunEvent e) => e.OtherTransportHosts is { Count: > 0 } others
        ? $"{e.Transport} ({(e.Transport == TransportNames.OpenSsh ? TransportNames.SshNet : TransportNames.OpenSsh)}: {string.Join(", ", others)})"
        : e.Transport!;

    // A change that went on behind later phases (the workers' k0s binaries) names the phase it belongs to.
    private string Behind(RunEvent e) => e.Phase is { Length: > 0 } phase && heading is not null && phase != heading ? $"({phase}) " : "";

    private static string Prefix(RunEvent e) => e.Host is null ? "" : $"[{e.Host}] ";

    internal static string Seconds(double? seconds) =>
        (seconds ?? 0).ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";
}
