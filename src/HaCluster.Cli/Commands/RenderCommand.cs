using System.CommandLine;
using HaCluster.Rendering;

namespace HaCluster.Cli.Commands;

/// <summary>
/// <c>hactl render</c>: every file apply would write, under <c>DIR/&lt;host name&gt;/&lt;absolute path&gt;</c>,
/// and a summary line per file. The summary names files, never their content, so no secret is printed.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Directory to write the files into, one sub-directory per host",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("render", "Write every file apply would put on the hosts into a local directory")
        {
            config,
            output,
        };
        command.SetAction(parseResult =>
        {
            var result = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (result.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            var files = ClusterRenderer.RenderAll(model);
            var written = RenderedFileWriter.WriteAll(files, parseResult.GetRequiredValue(output).FullName);
            RenderSummary.Print(written, console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }
}
