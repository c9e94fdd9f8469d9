using System.Diagnostics;
using HaCluster.EndToEnd.Lab;

// The lab and hactl are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace HaCluster.EndToEnd.Apply;

/// <summary>The real hactl, run as a separate process with no terminal, as CI runs it.</summary>
internal static class Hactl
{
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(10);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "hactl.dll");

    public static Task<CommandResult> RunAsync(TimeSpan timeout, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], timeout);

    /// <summary>Starts hactl and returns at once, for tests that interrupt it or race it.</summary>
    public static RunningHactl Start(params string[] args) => new(Dll, args);
}

/// <summary>A hactl process under way: its output is collected until it exits.</summary>
internal sealed class RunningHactl : IDisposable
{
    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;

    public RunningHactl(string dll, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        process = Process.Start(info)!;
        process.StandardInput.Close();
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => process.Id;

    /// <summary>Ctrl-C, as a terminal would send it.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", Pid.ToString()]);
        kill.WaitForExit();
    }

    public async Task<CommandResult> WaitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new LabException($"hactl did not finish within {timeout.TotalSeconds:0} s; output so far: {await stdout}");
        }
        return new CommandResult("hactl", process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }
}
