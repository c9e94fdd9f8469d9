using System.Diagnostics;

namespace HaCluster.EndToEnd.Lab;

/// <summary>Runs a program with an argument list (never through a shell) and collects its output.</summary>
internal static class ProcessRunner
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = string.Join(' ', startInfo.ArgumentList.Prepend(fileName));
        using var process = Process.Start(startInfo) ?? throw new LabException($"could not start `{command}`");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LabException($"`{command}` did not finish within {timeout.TotalSeconds:0} s; stderr: {(await stderr).Trim()}");
        }

        return new CommandResult(command, process.ExitCode, await stdout, await stderr);
    }
}
