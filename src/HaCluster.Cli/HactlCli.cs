using System.CommandLine;
using HaCluster.Cli.Commands;

namespace HaCluster.Cli;

/// <summary>hactl's command tree and how a command line becomes an exit code.</summary>
internal static class HactlCli
{
    public static RootCommand Create(CliConsole console)
    {
        var root = new RootCommand("hactl builds highly available k0s clusters over SSH from one YAML file.")
        {
            ApplyCommand.Create(console),
            KubeconfigCommand.Create(console),
            ValidateCommand.Create(console),
            RenderCommand.Create(console),
            InitCommand.Create(console),
            VersionCommand.Create(console),
            CompletionCommand.Create(console),
        };
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
            // Ctrl-C cancels the run's token; releasing locks and revoking join tokens then needs more than the default 2 s.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(90),
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
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
