using System.CommandLine;
using HaCluster.Remote;
using HaCluster.Spec;

namespace HaCluster.Cli.Commands;

/// <summary>The <c>--config FILE|-</c> option every cluster command shares, and loading the config it names.</summary>
internal static class ConfigOption
{
    public const string Stdin = "-";

    public static Option<string> Create() => new("--config", "-c")
    {
        Description = "The cluster config file (hactl, k0sctl or cfctl YAML); - reads standard input",
        HelpName = "FILE|-",
        Required = true,
    };

    /// <summary>Loads and validates the config, printing every error and warning to stderr.</summary>
    /// <remarks>With a transport, the rules that depend on it are checked too (openSSH-only settings under SSH.NET).</remarks>
    public static SpecLoadResult Load(string config, CliConsole console, TransportSetting? transport = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        var result = config == Stdin
            ? SpecLoader.Load(console.In.ReadToEnd(), SpecEnvironment.FromProcess(Directory.GetCurrentDirectory(), console.GetVariable, transport))
            : SpecLoader.LoadFile(config, console.GetVariable, transport);
        var source = config == Stdin ? "<stdin>" : config;
        foreach (var warning in result.Warnings)
        {
            console.Error.WriteLine($"{source}: warning: {warning}");
        }
        foreach (var error in result.Errors)
        {
            console.Error.WriteLine($"{source}: error: {error}");
        }
        if (result.Errors.Count > 0)
        {
            var count = result.Errors.Count == 1 ? "1 error" : $"{result.Errors.Count} errors";
            console.Error.WriteLine($"{source}: {count}; nothing was contacted");
        }
        return result;
    }
}
