using System.Diagnostics;
using K0sStandIn.Cli;

namespace K0sStandIn.Hosting;

/// <summary>
/// Supervises a child binary the way k0s's supervisor does: a pid file in the run dir, a stale process from a
/// killed predecessor is stopped first, an unexpected exit is restarted after a pause, and stopping sends SIGTERM
/// (then SIGKILL after a grace period). The child writes to the service's own stdout/stderr (the journal).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private readonly string _binary;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _pidFile;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _supervision;
    private Process? _current;

    private ChildProcess(string name, string binary, IReadOnlyList<string> arguments, string runDir)
    {
        _name = name;
        _binary = binary;
        _arguments = arguments;
        _pidFile = Path.Combine(runDir, name + ".pid");
        StopStale(_pidFile, binary);
        _supervision = SuperviseAsync();
    }

    public static ChildProcess Start(string name, string binary, IReadOnlyList<string> arguments, string runDir) =>
        new(name, binary, arguments, runDir);

    private int? Pid => _current is { HasExited: false } p ? p.Id : null;

    /// <summary>Sends a signal to the running child (e.g. SIGHUP to reload).</summary>
    public void Signal(int signal)
    {
        if (Pid is { } pid)
        {
            _ = Libc.Kill(pid, signal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _supervision;
        _stop.Dispose();
    }

    /// <summary>A process left behind by a killed k0s still holds ports and addresses: stop it first.</summary>
    private static void StopStale(string pidFile, string binary)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return;
        }

        var commandLine = $"/proc/{pid}/cmdline";
        if (File.Exists(commandLine) && File.ReadAllText(commandLine).StartsWith(binary, StringComparison.Ordinal))
        {
            Log.Info("killing stale process", ("component", Path.GetFileName(binary)), ("pid", pid));
            _ = Libc.Kill(pid, Libc.SigTerm);
            for (var i = 0; i < 100 && File.Exists(commandLine); i++)
            {
                Thread.Sleep(100);
            }
        }

        File.Delete(pidFile);
    }

    private async Task SuperviseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var start = new ProcessStartInfo(_binary) { UseShellExecute = false };
            foreach (var argument in _arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                _current = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Log.Error($"failed to start {_name}: {e.Message}", ("component", _name));
                await PauseAsync();
                continue;
            }

            await File.WriteAllTextAsync(_pidFile, _current.Id + "\n");
            Log.Info("Started successfully, go nuts", ("component", _name), ("pid", _current.Id));
            try
            {
                await _current.WaitForExitAsync(_stop.Token);
                Log.Warn($"{_name} exited with code {_current.ExitCode}, restarting in {RestartDelay.TotalSeconds}s", ("component", _name));
                await PauseAsync();
            }
            catch (OperationCanceledException)
            {
                await StopAsync(_current);
            }
            finally
            {
                _current.Dispose();
                _current = null;
            }
        }

        File.Delete(_pidFile);
    }

    private async Task StopAsync(Process process)
    {
        _ = Libc.Kill(process.Id, Libc.SigTerm);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Log.Warn($"{_name} did not stop in {StopGrace.TotalSeconds}s, killing it", ("component", _name));
            process.Kill();
        }
    }

    private async Task PauseAsync()
    {
        try
        {
            await Task.Delay(RestartDelay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: leave the loop.
        }
    }
}
