namespace HaCluster.Cli;

/// <summary>The outside world a command talks to: streams and environment variables. Tests pass their own.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, Func<string, string?> GetVariable)
{
    public static CliConsole Standard => new(Console.In, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
}
