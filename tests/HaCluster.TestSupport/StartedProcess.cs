using System.Diagnostics;
using System.Globalization;

namespace HaCluster.TestSupport;

/// <summary>A process under way: its output is collected until it exits; disposing kills what is still running.</summary>
public sealed class StartedProcess : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;
    private readonly DateTime started = DateTime.UtcNow;
    private bool recorded;

    private StartedProcess(Process process, string command)
    {
        this.process = process;
        Command = command;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The program and its arguments, joined by spaces: for messages.</summary>
    public string Command { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    internal static StartedProcess Start(string fileName, IEnumerable<string> arguments, string? stdin)
    {
        var info = ProcessRunner.StartInfo(fileName, arguments);
        var command = string.Join(' ', info.ArgumentList.Prepend(fileName));
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start `{command}`");
        if (stdin is not null)
        {
            // Small inputs only (a file's text): written before the output is read.
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        return new StartedProcess(process, command);
    }

    /// <summary>Ctrl-C, as a terminal would send it.</summary>
    public void Interrupt() =>
        ProcessRunner.Run("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)], SignalTimeout).ThrowIfFailed();

    /// <summary>Waits for the exit; past the bound kills the process tree and throws <see cref="TimeoutException"/> with the output so far.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Record("killed");
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{Command}` did not finish within {timeout.TotalSeconds:0} s; stderr: {(await stderr.ConfigureAwait(false)).Trim()}; stdout so far: {(await stdout.ConfigureAwait(false)).Trim()}");
        }
        Record($"exit {process.ExitCode}");
        return new ProcessResult(Command, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Record("killed");
        }
        process.Dispose();
    }

    private void Record(string end)
    {
        if (!recorded)
        {
            recorded = true;
            SuiteTimeline.Record(started, DateTime.UtcNow - started, end, Command);
        }
    }
}
