using HaCluster.Local;
using HaCluster.Pipeline;
using Serilog;
using Serilog.Core;

namespace HaCluster.Cli.Events;

/// <summary>The debug log file of a run: every event and every remote command, already redacted.</summary>
internal sealed class LogEventSink : IEventSink, IDisposable
{
    private readonly Logger logger;

    public LogEventSink(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        logger = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(path, outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {Message:lj}{NewLine}")
            .CreateLogger();
    }

    public string Path { get; }

    /// <summary>Where a run's log goes when the user names no file: the platform's cache dir, one file a run.</summary>
    public static string DefaultPath(string operation, PlatformPaths? paths = null)
    {
        paths ??= PlatformPaths.Current;
        return PlatformPaths.Join(paths.IsWindows, paths.LogDirectory, $"{operation}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
    }

    /// <summary>One line an event: its kind, then only the fields it has, as name=value.</summary>
    public void Emit(RunEvent e)
    {
        (string Name, object? Value)[] fields =
        [
            ("phase", e.Phase), ("host", e.Host), ("action", e.Action), ("message", e.Message), ("status", e.Status),
            ("duration", e.DurationSeconds), ("changes", e.Changes), ("dryRun", e.DryRun is { } dry ? (dry ? "true" : "false") : null),
            ("command", e.Command), ("stderr", e.Stderr), ("transport", e.Transport),
            ("otherTransportHosts", e.OtherTransportHosts is { } others ? string.Join(',', others) : null),
        ];
        logger.Write(e.Event == EventKinds.Error ? Serilog.Events.LogEventLevel.Error
            : e.Event == EventKinds.Warning ? Serilog.Events.LogEventLevel.Warning
            : Serilog.Events.LogEventLevel.Information,
            "{Event} {Fields:l}", e.Event, string.Join(' ', fields.Where(f => f.Value is not null).Select(f => $"{f.Name}={f.Value}")));
    }

    /// <summary>A remote command as the transport ran it (display text only; secrets never travel on command lines).</summary>
    public void Command(string host, string command, int exitCode, TimeSpan duration, string? stderr) =>
        logger.Debug("ssh host={Host} exit={Exit} duration={Duration:0.000}s command={Command} stderr={Stderr}",
            host, exitCode, duration.TotalSeconds, command, stderr);

    public void Dispose() => logger.Dispose();
}

/// <summary>Sends each event to several sinks.</summary>
internal sealed class FanOutSink(params IEventSink[] sinks) : IEventSink
{
    public void Emit(RunEvent runEvent)
    {
        foreach (var sink in sinks)
        {
            sink.Emit(runEvent);
        }
    }
}

/// <summary>Passes on only warnings and errors.</summary>
internal sealed class ProblemsOnlySink(IEventSink inner) : IEventSink
{
    public void Emit(RunEvent runEvent)
    {
        if (runEvent.Event is EventKinds.Warning or EventKinds.Error)
        {
            inner.Emit(runEvent);
        }
    }
}
