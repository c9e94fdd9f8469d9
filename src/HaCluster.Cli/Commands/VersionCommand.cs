using System.CommandLine;
using System.Reflection;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl version</c>: the tool's version, one line.</summary>
internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";

    public static Command Create(CliConsole console)
    {
        var command = new Command("version", "Print hactl's version");
        command.SetAction(_ =>
        {
            console.Out.WriteLine($"hactl {Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
