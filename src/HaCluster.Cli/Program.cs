namespace HaCluster.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => HactlCli.RunAsync(args, CliConsole.Standard);

    /// <summary>The whole command line in-process, for tests: same parsing, same exit codes.</summary>
    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var console = new CliConsole(stdin, stdout, stderr,
            environment is null ? Environment.GetEnvironmentVariable : name => environment.GetValueOrDefault(name));
        return HactlCli.RunAsync(args, console).GetAwaiter().GetResult();
    }
}
