using HaCluster.Cli;

namespace HaCluster.Tests.Cli;

/// <summary>Runs hactl in-process through its real entry point, with its own environment (never the test process's).</summary>
internal static class Hactl
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string[] args, string stdin = "", IReadOnlyDictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Program.Run(args, new StringReader(stdin), output, error, environment ?? Environment());
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Validate a config given as text, on stdin.</summary>
    public static Result Validate(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(["validate", "--config", "-"], yaml, environment);

    /// <summary>An environment with a HOME that holds nothing, plus the given variables.</summary>
    public static Dictionary<string, string> Environment(params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = "/nonexistent-home" };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
        return environment;
    }
}
