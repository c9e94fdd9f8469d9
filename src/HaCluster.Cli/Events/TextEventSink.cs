using System.Globalization;
using HaCluster.Pipeline;

namespace HaCluster.Cli.Events;

/// <summary>Human output: a line per phase and per host action, with timings.</summary>
internal sealed class TextEventSink(TextWriter writer) : IEventSink
{
    private readonly Lock gate = new();

    public void Emit(RunEvent e)
    {
        var line = e.Event switch
        {
            EventKinds.PhaseStarted => $"==> {e.Phase}",
            EventKinds.PhaseFinished when e.Status != "ok" => $"    {e.Phase}: {e.Status} after {Seconds(e.DurationSeconds)}",
            EventKinds.PhaseFinished => null,
            EventKinds.PhaseSkipped => null,
            EventKinds.HostAction => $"    [{e.Host}] {e.Action} ({Seconds(e.DurationSeconds)})",
            EventKinds.PlanItem => $"    [{e.Host}] would {e.Action}",
            EventKinds.Info => $"    {Prefix(e)}{e.Message}",
            EventKinds.Warning => $"    warning: {Prefix(e)}{e.Message}",
            EventKinds.Error => ErrorText(e),
            _ => null,
        };
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string ErrorText(RunEvent e)
    {
        var text = $"error in phase \"{e.Phase}\": {e.Message}";
        if (e.Command is { Length: > 0 } command)
        {
            text += $"\n    command: {command}";
        }
        return text;
    }

    private static string Prefix(RunEvent e) => e.Host is null ? "" : $"[{e.Host}] ";

    internal static string Seconds(double? seconds) =>
        (seconds ?? 0).ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";
}
