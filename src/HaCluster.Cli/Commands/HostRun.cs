using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Cli.Commands;

/// <summary>Where a command shows its run's events, given what its stdout is for.</summary>
internal enum ScreenEvents
{
    /// <summary>stdout is the run's story: every event, as text or JSON lines (apply, eject-controller, reset).</summary>
    AllOnStdout,

    /// <summary>stdout is the result: JSON events on stderr, and in text only the problems (kubeconfig).</summary>
    OnStderr,

    /// <summary>stdout is a report: only the problems met while reading, on stderr (status).</summary>
    ProblemsOnStderr,
}

/// <summary>
/// One run of an operation on the hosts, set up alike for every command: the config loaded and validated, the debug
/// log, the screen's events, the run context and the transport (from <see cref="TransportFactory"/>). Disposing closes
/// the connections, then the log.
/// </summary>
internal sealed class HostRun : IAsyncDisposable
{
    private readonly LogEventSink log;
    private readonly ITransport transport;

    private HostRun(LogEventSink log, RunContext context, ITransport transport, bool json)
    {
        this.log = log;
        this.transport = transport;
        Context = context;
        Json = json;
    }

    public RunContext Context { get; }

    /// <summary>Whether --output json was asked for.</summary>
    public bool Json { get; }

    public string LogPath => log.Path;

    /// <summary>
    /// Chooses the transport, loads the config and sets the run up; null (the errors printed) when the transport
    /// choice or the config is invalid, both usage errors.
    /// </summary>
    public static HostRun? Open(ParseResult parseResult, CliConsole console, Option<string> config, RunOptionsBinding options,
        string operation, ScreenEvents screenEvents, bool dryRun = false, bool force = false, bool noDrain = false)
    {
        if (ChooseTransport(parseResult, console, options) is not { } setting
            || ConfigOption.Load(parseResult.GetRequiredValue(config), console, setting).Model is not { } model)
        {
            return null;
        }
        var plan = TransportResolver.Plan(model, setting);
        var json = options.Json(parseResult);
        var log = options.OpenLog(parseResult, operation);
        var runOptions = options.RunOptions(parseResult, dryRun, force) with { NoDrain = noDrain, Transport = plan };
        var context = new RunContext(model, runOptions, new FanOutSink(Screen(console, screenEvents, json), log), operation);
        var transport = TransportFactory.Create(plan, options.TransportOptions(parseResult, console.GetVariable, log, context.Secrets));
        return new HostRun(log, context, transport, json);
    }

    /// <summary>The run's transport choice with what this machine offers; null (the problem printed) when it cannot work.</summary>
    private static TransportSetting? ChooseTransport(ParseResult parseResult, CliConsole console, RunOptionsBinding options)
    {
        if (options.TransportChoice(parseResult, console.GetVariable, out var problem) is not { } choice)
        {
            console.Error.WriteLine($"error: {problem}");
            return null;
        }
        var setting = new TransportSetting(choice, LocalSsh.Detect(console.GetVariable, File.Exists));
        if (TransportResolver.ChoiceProblem(setting) is { } unusable)
        {
            console.Error.WriteLine($"error: {unusable}");
            return null;
        }
        return setting;
    }

    public Task<RunOutcome> RunAsync(Func<ITransport, Operation> operation, CancellationToken cancellationToken) =>
        OperationRunner.RunAsync(operation(transport), Context, cancellationToken);

    public Task<RunOutcome<TResult>> RunAsync<TResult>(Func<ITransport, Operation<TResult>> operation, CancellationToken cancellationToken) =>
        OperationRunner.RunAsync(operation(transport), Context, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transport.DisposeAsync();
        log.Dispose();
    }

    private static IEventSink Screen(CliConsole console, ScreenEvents screenEvents, bool json) => screenEvents switch
    {
        ScreenEvents.AllOnStdout => json ? new JsonEventSink(console.Out) : new TextEventSink(console.Out),
        ScreenEvents.OnStderr => json ? new JsonEventSink(console.Error) : new ProblemsOnlySink(new TextEventSink(console.Error)),
        _ => new ProblemsOnlySink(json ? new JsonEventSink(console.Error) : new TextEventSink(console.Error)),
    };
}
