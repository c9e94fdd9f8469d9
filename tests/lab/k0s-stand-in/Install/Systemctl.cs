using System.Diagnostics;
using K0sStandIn.Cli;

namespace K0sStandIn.Install;

/// <summary>Runs systemctl, as kardianos/service does to enable, reload and start units.</summary>
internal static class Systemctl
{
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("systemctl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        if (process.ExitCode != 0)
        {
            throw new CliException($"\"systemctl {string.Join(' ', arguments)}\" failed with stderr: {stderr.Trim()}");
        }
    }
}
