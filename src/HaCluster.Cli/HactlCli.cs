using System.CommandLine;
using HaCluster.Cli.Commands;

namespace HaCluster.Cli;

/// <summary>hactl's command tree and how a command line becomes an exit code.</summary>
internal static class HactlCli
{
    /// <summary>Every command, in the order help lists them.</summary>
    private static IEnumerable<Command> Commands(CliConsole console) =>
    [
        ApplyCommand.Create(console),
        KubeconfigCommand.Create(console),
        EjectControllerCommand.Create(console),
        StatusCommand.Create(console),
        BackupCommand.Create(console),
        ResetCommand.Create(console),
        ValidateCommand.Create(console),
        RenderCommand.Create(console),
        InitCommand.Create(console),
        VersionCommand.Create(console),
        CompletionCommand.Create(console),
    ];

    public static RootCommand Create(CliConsole console)
    {
        // HelpName keeps help saying "hactl" however the program is started (dotnet hactl.dll, a test host).
        var root = new RootCommand("hactl builds highly available k0s clusters over SSH from one YAML file.") { HelpName = "hactl" };
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var parseResult = Create(console).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine exits 1 on a usage error; hactl's contract says 2, with the reason and where to look.
            foreach (var error in parseResult.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await console.Error.WriteLineAsync($"See '{UsageHint(parseResult)} --help'.");
            return ExitCodes.InvalidConfigOrUsage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C cancels the run's token; releasing locks and revoking join tokens then needs more than the default 2 s.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(90),
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Commands report expected failures themselves; anything arriving here is a defect in hactl.
            await console.Error.WriteLineAsync($"error: internal error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.HostFailed;
        }
    }

    private static string UsageHint(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "hactl" : result.Command.Name);
        }
        return string.Join(' ', names);
    }
}
