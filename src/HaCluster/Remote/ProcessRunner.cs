using System.Diagnostics;

namespace HaCluster.Remote;

/// <summary>Runs a local program with an argv list (no local shell), feeding stdin and capturing both outputs.</summary>
internal static class ProcessRunner
{
    public static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> args, byte[]? stdin, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            // The ssh client dies with us; the remote side sees its session close.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
