using System.Diagnostics;

namespace HaCluster.Tests.Rendering.RealTools;

internal sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}

/// <summary>Runs a real tool with its arguments passed as a list (no shell parsing), capturing its output.</summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static ToolResult Run(string executable, params string[] arguments)
    {
        File.Exists(executable).Should().BeTrue($"{executable} must be installed (tests/install-packages installs it)");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {Limit}");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
