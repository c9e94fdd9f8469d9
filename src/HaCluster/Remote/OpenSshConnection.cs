using HaCluster.Model;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HaCluster.Remote;

/// <summary>
/// A host reached through the system OpenSSH client: one ControlMaster connection, commands as multiplexed
/// sessions. Users keep their ssh_config, agent, certificates, ProxyJump and known_hosts.
/// </summary>
public sealed class OpenSshConnection : IHostConnection
{
    private readonly ConnectionModel connection;
    private readonly TransportOptions options;
    private readonly string controlPath;
    private readonly bool viaSudo;

    private OpenSshConnection(string host, ConnectionModel connection, TransportOptions options, string controlPath)
    {
        Host = host;
        this.connection = connection;
        this.options = options;
        this.controlPath = controlPath;
        viaSudo = connection.User != "root";
    }

    public string Host { get; }

    /// <summary>
    /// Connects: a master connection of its own, a persisted one, or (no multiplexing) a probe command. With
    /// <paramref name="first"/>, also runs that command and returns its result: on the new master's own connection,
    /// which saves starting a session after it, or as an ordinary session on a reused master.
    /// </summary>
    public static async Task<(OpenSshConnection Connection, CommandResult? First)> OpenAsync(
        string host, ConnectionModel connection, TransportOptions options, string controlDirectory, RemoteCommand? first,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var controlPath = options.Persist is null
            ? Path.Combine(controlDirectory, $"{Math.Abs(host.GetHashCode(StringComparison.Ordinal)):x8}-{Guid.NewGuid():N}"[..24])
            : Path.Combine(controlDirectory, SshArguments.PersistedName(connection, options));
        var opened = new OpenSshConnection(host, connection, options, controlPath);
        try
        {
            CommandResult? answer = null;
            if (connection.Multiplexing && options.Persist is not null)
            {
                answer = await opened.OpenPersistedAsync(first, cancellationToken);
            }
            else if (connection.Multiplexing)
            {
                answer = await opened.OpenMasterAsync(first, cancellationToken);
            }
            else
            {
                var probe = await opened.RunAsync(RemoteCommand.Exec("true") with { AsRoot = false }, null, cancellationToken);
                if (probe.ExitCode == 255)
                {
                    throw Unreachable(host, probe);
                }
            }
            if (first is not null && answer is null)
            {
                answer = await opened.RunAsync(first, null, cancellationToken);
            }
            return (opened, answer);
        }
        catch
        {
            // A master opened for a run that then failed (or was cancelled) goes with it.
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Uses the live persisted master of these settings, or opens it; one run at a time decides for a socket. The first
    /// command's result when it ran on a master opened here; null when the master was reused.
    /// </summary>
    private async Task<CommandResult?> OpenPersistedAsync(RemoteCommand? first, CancellationToken cancellationToken)
    {
        using var decided = await SocketLockAsync(cancellationToken);
        var (pid, gone) = await MuxControl.CheckAsync(controlPath, cancellationToken);
        // A master that did not answer in time is asked once more, by ssh itself, before its socket is taken away.
        if (pid is not null || (!gone && (await ProcessRunner.RunAsync(options.SshProgram, SshArguments.Control(connection, options, controlPath, "check"), null, cancellationToken)).Succeeded))
        {
            options.Trace?.Invoke(new CommandTrace(Host, "reuse the persisted ssh master", 0, TimeSpan.Zero, ""));
            return null;
        }
        // A socket whose master is gone (the host rebooted, the machine slept): ssh refuses to bind over it.
        File.Delete(controlPath);
        return await OpenMasterAsync(first, cancellationToken);
    }

    // An exclusive open of a lock file beside the socket (an flock on Unix): a run checking or opening the master of
    // these settings waits for another doing the same, so two runs never both start one.
    private async Task<FileStream> SocketLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.ConnectDeadline;
        while (true)
        {
            try
            {
                return new FileStream(controlPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Opens the master connection, retrying transient failures within the options' deadline; with
    /// <paramref name="first"/>, runs it on the master's own connection and returns its result.
    /// </summary>
    private async Task<CommandResult?> OpenMasterAsync(RemoteCommand? first, CancellationToken cancellationToken)
    {
        var args = first is null
            ? SshArguments.Master(connection, options, controlPath)
            : SshArguments.MasterRunning(connection, options, controlPath, first.ToShellText(viaSudo));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CommandResult result;
        try
        {
            // Transient failures are mostly the connect's (refused, no route, timed out), before the first command ran; a
            // connection that broke while it ran is retried too, so an opening must be safe to run twice (the survey is:
            // reads, and a lock its own run may take again).
            result = await ConnectPipeline(options).ExecuteAsync(
                async token => await ProcessRunner.RunAsync(options.SshProgram, args, first is null ? null : [], token),
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            // Polly's deadline is this transport's business: callers see a RemoteFailure like any other.
            throw new RemoteException(Host, RemoteFailure.Timeout, first is null
                ? $"{Host}: no ssh connection within the connect deadline"
                : $"{Host}: no ssh connection and answer to {first.Display} within the connect deadline", "ssh");
        }
        if (first is null)
        {
            return result.Succeeded ? null : throw Unreachable(Host, result);
        }
        // ssh's own failure (255) with no master left behind: the connection was never made, or it broke.
        if (result.ExitCode == 255 && await MuxControl.AlivePidAsync(controlPath, cancellationToken) is null)
        {
            throw Unreachable(Host, result);
        }
        options.Trace?.Invoke(new CommandTrace(Host, first.Display, result.ExitCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), result.Stderr));
        return result;
    }

    public async Task<CommandResult> RunAsync(RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = SshArguments.Session(connection, options, controlPath, command.ToShellText(viaSudo), connection.Multiplexing);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ProcessRunner.RunAsync(options.SshProgram, args, stdin ?? [], cancellationToken);
        options.Trace?.Invoke(new CommandTrace(Host, command.Display, result.ExitCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), result.Stderr));
        return result;
    }

    public async Task<CommandResult> RunToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = SshArguments.Session(connection, options, controlPath, command.ToShellText(viaSudo), connection.Multiplexing);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ProcessRunner.RunToStreamAsync(options.SshProgram, args, stdout, cancellationToken);
        // As for every command, the trace gets the display text and stderr: the bytes streamed are never logged.
        options.Trace?.Invoke(new CommandTrace(Host, command.Display, result.ExitCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), result.Stderr));
        return result;
    }

    public async Task UploadAsync(byte[] content, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        var command = RemoteUpload.Command(path, mode, owner, sha256: null);
        await this.RunCheckedAsync(command, content, cancellationToken);
    }

    public async Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var command = RemoteUpload.Command(path, mode, owner, sha256);
        var args = SshArguments.Session(connection, options, controlPath, command.ToShellText(viaSudo), connection.Multiplexing);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ProcessRunner.RunWithInputAsync(options.SshProgram, args, content, cancellationToken);
        options.Trace?.Invoke(new CommandTrace(Host, command.Display, result.ExitCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), result.Stderr));
        if (!result.Succeeded)
        {
            throw Failure(command, result);
        }
    }

    public RemoteException Failure(RemoteCommand command, CommandResult result) => SshDiagnostics.Failure(Host, command, result);

    public async ValueTask DisposeAsync()
    {
        // A persisted master stays for the next run and ends by itself once idle.
        if (connection.Multiplexing && options.Persist is null)
        {
            // Best effort: the master also exits by itself 120 s after its last session. `ssh -O exit` only for a
            // master that would not take the request from this process.
            if (!await MuxControl.TerminateAsync(controlPath, CancellationToken.None) && File.Exists(controlPath))
            {
                await ProcessRunner.RunAsync(options.SshProgram, SshArguments.Control(connection, options, controlPath, "exit"), null, CancellationToken.None);
            }
        }
    }

    private static ResiliencePipeline<CommandResult> ConnectPipeline(TransportOptions options) =>
        new ResiliencePipelineBuilder<CommandResult>()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.ConnectDeadline })
            .AddRetry(new RetryStrategyOptions<CommandResult>
            {
                Name = "ConnectToHost",
                MaxRetryAttempts = Math.Max(0, options.ConnectAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<CommandResult>().HandleResult(SshDiagnostics.IsTransient),
            })
            .Build();

    private static RemoteException Unreachable(string host, CommandResult result)
    {
        var failure = SshDiagnostics.Classify(result);
        var stderr = result.Stderr.Trim();
        var what = failure switch
        {
            RemoteFailure.AuthenticationRefused => "refused the connection",
            RemoteFailure.HostKeyRejected => "its host key is not the one known_hosts holds",
            _ => "could not be reached over ssh",
        };
        return new RemoteException(host, failure == RemoteFailure.CommandFailed ? RemoteFailure.Unreachable : failure,
            $"{host}: {what}" + (stderr.Length > 0 ? $": {stderr}" : ""), "ssh", result);
    }
}
