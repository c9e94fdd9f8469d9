using System.Diagnostics;
using System.Text;

namespace HaCluster.TestSupport;

/// <summary>
/// The one way tests run a program: with an argument list (never through a shell), stdin given or closed,
/// stdout and stderr collected, and a bound on how long it may take.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs the program to completion; throws <see cref="TimeoutException"/> (after killing it) when it outlives the bound.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null, CancellationToken cancellationToken = default)
    {
        using var process = StartedProcess.Start(fileName, arguments, stdin);
        return await process.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, blocking: for tests that are not async.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null) =>
        RunAsync(fileName, arguments, timeout, stdin).GetAwaiter().GetResult();

    /// <summary>Starts the program and returns at once, for tests that interrupt it, race it or keep it running beside them.</summary>
    public static StartedProcess Start(string fileName, IEnumerable<string> arguments) => StartedProcess.Start(fileName, arguments, stdin: null);

    internal static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }
}
