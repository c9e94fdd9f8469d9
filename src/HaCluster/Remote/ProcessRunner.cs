using System.Diagnostics;

namespace HaCluster.Remote;

/// <summary>Runs a local program with an argv list (no local shell), feeding stdin and capturing both outputs.</summary>
internal static class ProcessRunner
{
    public static Task<CommandResult> RunAsync(
        string program, IEnumerable<string> args, byte[]? stdin, CancellationToken cancellationToken) =>
        RunAsync(program, args, stdin is null ? null : new MemoryStream(stdin, writable: false), stdoutSink: null, cancellationToken);

    /// <summary>As <see cref="RunAsync(string, IEnumerable{string}, byte[], CancellationToken)"/>, with stdin copied from a stream as the program reads it.</summary>
    public static Task<CommandResult> RunWithInputAsync(
        string program, IEnumerable<string> args, Stream stdin, CancellationToken cancellationToken) =>
        RunAsync(program, args, stdin ?? throw new ArgumentNullException(nameof(stdin)), stdoutSink: null, cancellationToken);

    /// <summary>As <see cref="RunAsync(string, IEnumerable{string}, byte[], CancellationToken)"/>, with stdout copied as bytes into a stream instead of read as text.</summary>
    public static Task<CommandResult> RunToStreamAsync(
        string program, IEnumerable<string> args, Stream stdout, CancellationToken cancellationToken) =>
        RunAsync(program, args, Stream.Null, stdout ?? throw new ArgumentNullException(nameof(stdout)), cancellationToken);

    private static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> args, Stream? stdin, Stream? stdoutSink, CancellationToken cancellationToken)
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
            var stdout = stdoutSink is null
                ? process.StandardOutput.ReadToEndAsync(cancellationToken)
                : CopyAsync(process.StandardOutput.BaseStream, stdoutSink, cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                try
                {
                    await stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
                }
                catch (IOException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The program stopped reading (it failed, or exited early): its exit code and stderr say why.
                }
            }
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // As above: a program that exited closed the pipe first.
            }
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

    private static async Task<string> CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        await from.CopyToAsync(to, cancellationToken);
        return "";
    }
}
