using System.Diagnostics;
using System.Net.Sockets;
using HaCluster.Model;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace HaCluster.Remote;

/// <summary>
/// A host reached in-process through SSH.NET: one connection (through its bastions' forwarded ports, if any), each
/// command a channel on it, at most <see cref="TransportOptions.ChannelLimit"/> at once, each bounded on the host.
/// </summary>
internal sealed class SshNetConnection : IHostConnection
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);

    // SSH.NET's keepalive only sends, so a host that went silent (cut off, frozen) would hold every command until its
    // bound. As OpenSSH's ServerAliveInterval=5, ServerAliveCountMax=3 does: while a command has had no answer for 5 s,
    // a probe asks the host, and one unanswered for 15 s ends the connection, failing its commands as unreachable.
    private static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeAnswer = TimeSpan.FromSeconds(15);

    // Disconnecting from a host that has gone can hang in SSH.NET: the connection is abandoned after this.
    private static readonly TimeSpan DisconnectDeadline = TimeSpan.FromSeconds(5);

    // The host's own timeout ends a command at the bound; the local deadline only catches a host that went silent.
    private static readonly TimeSpan LocalGrace = TimeSpan.FromSeconds(30);

    // SSH.NET sends no EOF for an input stream nothing was written to: a command without input reads /dev/null instead.
    private const string NoInput = " </dev/null";

    private const int CopyBuffer = 81920;

    private const int LostExitCode = 255;

    private static readonly Dictionary<string, int> SignalNumbers = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ABRT"] = 6, ["KILL"] = 9, ["SEGV"] = 11, ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15,
    };

    private readonly SshClient client;
    private readonly IReadOnlyList<Hop> bastions;
    private readonly TransportOptions options;
    private readonly SemaphoreSlim channels;
    private readonly bool viaSudo;
    private readonly CancellationTokenSource closing = new();
    private readonly CancellationTokenSource silent = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CommandResult, RemoteException> losses = [];
    private readonly Task watchdog;
    private int running;
    private long lastAnswer = Stopwatch.GetTimestamp();
    private string? silence;

    private SshNetConnection(string host, SshClient client, IReadOnlyList<Hop> bastions, ConnectionModel connection, TransportOptions options)
    {
        Host = host;
        this.client = client;
        this.bastions = bastions;
        this.options = options;
        // SSH.NET's own limit blocks a thread and ignores cancellation; this one waits asynchronously, below it.
        channels = new SemaphoreSlim(Math.Max(1, options.ChannelLimit));
        viaSudo = connection.User != "root";
        watchdog = Task.Run(WatchAsync);
    }

    public string Host { get; }

    /// <summary>A bastion on the way: its client, and the local port forwarded through it to the next hop.</summary>
    private sealed record Hop(SshClient Client, ForwardedPortLocal Forward);

    /// <summary>What every connection of one transport shares.</summary>
    internal sealed record Context(TransportOptions Options, SshNetHostKeys HostKeys, SshAgentClient? Agent);

    public static async Task<SshNetConnection> OpenAsync(string host, ConnectionModel connection, Context context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        RefuseUnsupported(host, connection);
        var hops = new List<Hop>();
        try
        {
            var client = await ConnectAsync(host, connection, context, hops, cancellationToken);
            return new SshNetConnection(host, client, hops, connection, context.Options);
        }
        catch
        {
            foreach (var hop in Enumerable.Reverse(hops))
            {
                await CloseAsync(hop);
            }
            throw;
        }
    }

    // ssh_config and raw ssh options are OpenSSH's: SSH.NET cannot honour them, and ignoring them would change what is reached.
    private static void RefuseUnsupported(string host, ConnectionModel connection)
    {
        for (var hop = connection; hop is not null; hop = hop.Bastion)
        {
            if (hop.ConfigPath is not null || hop.Options.Count > 0)
            {
                throw new ArgumentException(
                    $"{host}: the SSH.NET transport cannot use an ssh_config file or OpenSSH options (openSSH.configPath, openSSH.options); use the OpenSSH transport",
                    nameof(connection));
            }
        }
    }

    /// <summary>Connects to <paramref name="connection"/>, through its bastion's forwarded port when it has one.</summary>
    private static async Task<SshClient> ConnectAsync(string host, ConnectionModel connection, Context context, List<Hop> hops, CancellationToken cancellationToken)
    {
        var dial = (Address: connection.Address, Port: connection.Port);
        if (connection.Bastion is { } bastion)
        {
            var bastionClient = await ConnectAsync($"{host} (bastion {bastion.Address})", bastion, context, hops, cancellationToken);
            var forward = new ForwardedPortLocal("127.0.0.1", 0, connection.Address, (uint)connection.Port);
            hops.Add(new Hop(bastionClient, forward));
            try
            {
                bastionClient.AddForwardedPort(forward);
                forward.Start();
            }
            catch (Exception e) when (e is SshException or SocketException or InvalidOperationException)
            {
                throw new RemoteException(host, RemoteFailure.Unreachable,
                    $"{host}: could not be reached over ssh: no port forwarded through the bastion {bastion.Address}: {e.Message}", "ssh", innerException: e);
            }
            dial = ("127.0.0.1", (int)forward.BoundPort);
        }
        using var credentials = await SshNetAuthentication.LoadAsync(host, connection, context.Options, context.Agent, cancellationToken);
        try
        {
            return await ConnectPipeline(context.Options).ExecuteAsync(
                async token => await ConnectOnceAsync(host, connection, dial, credentials, context, token), cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new RemoteException(host, RemoteFailure.Timeout, $"{host}: no ssh connection within the connect deadline", "ssh");
        }
        catch (Exception e) when (e is not RemoteException and not OperationCanceledException)
        {
            throw ConnectFailure(host, connection, credentials, e);
        }
    }

    private static async Task<SshClient> ConnectOnceAsync(
        string host, ConnectionModel connection, (string Address, int Port) dial, SshNetAuthentication.Credentials credentials, Context context,
        CancellationToken cancellationToken)
    {
        // Checked under the host's own name and port, also when dialled through a bastion's forwarded port.
        var hostKey = context.HostKeys.For(connection.Address, connection.Port);
        var info = new ConnectionInfo(dial.Address, dial.Port, connection.User, credentials.Method)
        {
            Timeout = context.Options.ConnectTimeout,
        };
        info.MaxSessions = Math.Max(info.MaxSessions, context.Options.ChannelLimit);
        hostKey.Prefer(info);
        var client = new SshClient(info) { KeepAliveInterval = KeepAlive };
        client.HostKeyReceived += hostKey.OnHostKeyReceived;
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch (Exception e) when (hostKey.Refused is { } refused)
        {
            client.Dispose();
            var message = host == connection.Address ? refused.Refusal! : $"{host}: {refused.Refusal}";
            throw new RemoteException(host, RemoteFailure.HostKeyRejected, message, "ssh", innerException: e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static ResiliencePipeline ConnectPipeline(TransportOptions options) =>
        new ResiliencePipelineBuilder()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.ConnectDeadline })
            .AddRetry(new RetryStrategyOptions
            {
                Name = "ConnectToHost",
                MaxRetryAttempts = Math.Max(0, options.ConnectAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            })
            .Build();

    /// <summary>Whether a failed connect may succeed when tried again: the network or sshd not (yet) answering.</summary>
    internal static bool IsTransient(Exception error) => error switch
    {
        SocketException socket => socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.ConnectionReset
            or SocketError.ConnectionAborted or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.TryAgain,
        SshOperationTimeoutException => true,
        SshConnectionException connection => connection.DisconnectReason is DisconnectReason.None or DisconnectReason.ConnectionLost
            or DisconnectReason.TooManyConnections or DisconnectReason.ByApplication or DisconnectReason.ProtocolError,
        IOException => true,
        _ => false,
    };

    private static RemoteException ConnectFailure(string host, ConnectionModel connection, SshNetAuthentication.Credentials credentials, Exception error)
    {
        var target = $"{connection.User}@{connection.Address}:{connection.Port}";
        return error switch
        {
            SshAuthenticationException => new RemoteException(host, RemoteFailure.AuthenticationRefused,
                $"{host}: refused the connection: {target} accepted none of {credentials.Offered}", "ssh", innerException: error),
            SshAgentException => new RemoteException(host, RemoteFailure.AuthenticationRefused, $"{host}: {error.Message}", "ssh", innerException: error),
            _ => new RemoteException(host, RemoteFailure.Unreachable, $"{host}: could not be reached over ssh ({target}): {error.Message}", "ssh", innerException: error),
        };
    }

    public async Task<CommandResult> RunAsync(RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var input = stdin is { Length: > 0 } ? new MemoryStream(stdin, writable: false) : null;
        return await ExecuteAsync(command, input, stdout: null, cancellationToken);
    }

    public Task<CommandResult> RunToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(stdout);
        return ExecuteAsync(command, stdin: null, stdout, cancellationToken);
    }

    public async Task UploadAsync(byte[] content, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var command = RemoteUpload.Command(path, mode, owner, sha256: null);
        using var input = new MemoryStream(content, writable: false);
        var result = await ExecuteAsync(command, input, stdout: null, cancellationToken);
        if (!result.Succeeded)
        {
            throw Failure(command, result);
        }
    }

    public async Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        var command = RemoteUpload.Command(path, mode, owner, sha256);
        var result = await ExecuteAsync(command, content, stdout: null, cancellationToken);
        if (!result.Succeeded)
        {
            throw Failure(command, result);
        }
    }

    public RemoteException Failure(RemoteCommand command, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        if (losses.TryGetValue(result, out var lost))
        {
            return lost;
        }
        if (result.ExitCode == RemoteCommand.BoundExceededExitCode)
        {
            return new RemoteException(Host, RemoteFailure.CommandFailed,
                $"{Host}: `{command.Display}` ran past the {options.CommandBound.TotalSeconds:0} s bound on a command and was stopped on the host (timeout, exit 124)" +
                (result.Stderr.Trim() is { Length: > 0 } stderr ? $": {stderr}" : ""),
                command.Display, result);
        }
        return SshDiagnostics.CommandFailure(Host, command, result);
    }

    /// <summary>
    /// A lost connection is a result, exit 255, as the OpenSSH transport's is (ssh exits 255), so the best-effort
    /// clean-ups of a failed run carry on on the other hosts; <see cref="Failure"/> gives back why it was lost.
    /// </summary>
    private async Task<CommandResult> ExecuteAsync(RemoteCommand command, Stream? stdin, Stream? stdout, CancellationToken cancellationToken)
    {
        try
        {
            return await RunChannelAsync(command, stdin, stdout, cancellationToken);
        }
        catch (RemoteException lost) when (lost.Failure == RemoteFailure.Unreachable)
        {
            var result = new CommandResult(LostExitCode, "", lost.Message);
            losses.AddOrUpdate(result, lost);
            return result;
        }
    }

    /// <summary>
    /// One command on a channel of its own: stdin copied in as it is read, stdout kept as text or copied to
    /// <paramref name="stdout"/> as it arrives, stderr kept. The connection failing is an exception.
    /// </summary>
    private async Task<CommandResult> RunChannelAsync(RemoteCommand command, Stream? stdin, Stream? stdout, CancellationToken cancellationToken)
    {
        // The first bytes are read before the command starts: with none, the command gets /dev/null as its input.
        var first = stdin is null ? [] : new byte[CopyBuffer];
        var firstLength = stdin is null ? 0 : await stdin.ReadAsync(first, cancellationToken);
        var shellText = command.ToShellText(viaSudo, options.CommandBound) + (firstLength == 0 ? NoInput : "");

        await channels.WaitAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref running);
        try
        {
            if (silence is not null)
            {
                throw Lost(command, new SshConnectionException(silence), started);
            }
            using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var channel = client.CreateCommand(shellText);
            channel.CommandTimeout = options.CommandBound + LocalGrace;
            Task execution;
            try
            {
                execution = channel.ExecuteAsync(stopped.Token);
            }
            catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                throw Lost(command, e, started);
            }
            var copy = stdout is null ? Task.CompletedTask : CopyAsync(channel.OutputStream, stdout, stopped);
            if (firstLength > 0)
            {
                await FeedAsync(channel, first.AsMemory(0, firstLength), stdin!, stopped).WaitAsync(silent.Token);
            }
            try
            {
                // SSH.NET may never end a command whose host went silent, nor its cancel: the watchdog's word ends the wait.
                await execution.WaitAsync(silent.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (!silent.IsCancellationRequested)
            {
                // Not the caller's cancel: the local stream refused the output, and that is the error, not the cancel it caused.
                await copy;
                throw;
            }
            catch (SshOperationTimeoutException e)
            {
                throw new RemoteException(Host, RemoteFailure.Unreachable,
                    $"{Host}: `{command.Display}` did not end within its bound of {options.CommandBound}: the host or the connection stopped answering",
                    command.Display, innerException: e);
            }
            catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException)
            {
                throw Lost(command, e, started);
            }
            await copy.WaitAsync(silent.Token);
            var stderr = channel.Error;
            var exitCode = channel.ExitStatus
                ?? (channel.ExitSignal is { } signal
                    ? 128 + SignalNumbers.GetValueOrDefault(signal)
                    : throw Lost(command, new SshException("the channel closed without an exit status"), started));
            if (channel.ExitStatus is null)
            {
                stderr += $"hactl: killed on the host by signal {channel.ExitSignal}\n";
            }
            var result = new CommandResult(exitCode, stdout is null ? channel.Result : "", stderr);
            // The trace gets the display text and stderr: never stdin, never streamed bytes.
            options.Trace?.Invoke(new CommandTrace(Host, command.Display, exitCode, Stopwatch.GetElapsedTime(started), stderr));
            return result;
        }
        catch (OperationCanceledException e) when (silent.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The watchdog ended a connection whose host went silent: every command on it was stopped for that.
            throw Lost(command, e, started);
        }
        finally
        {
            Answered();
            Interlocked.Decrement(ref running);
            channels.Release();
        }
    }

    // Copies the command's stdout out as it arrives; a local stream that fails stops the command.
    private static async Task CopyAsync(Stream output, Stream destination, CancellationTokenSource stop)
    {
        try
        {
            await output.CopyToAsync(destination, CopyBuffer, stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    // Copies stdin in as it is read; the end of it (EOF) is sent when the input stream is disposed. A channel that
    // closed first (the command ended without reading it all) is the command's result to tell; a local stream that
    // fails stops the command and is the error.
    private static async Task FeedAsync(SshCommand channel, ReadOnlyMemory<byte> first, Stream rest, CancellationTokenSource stop)
    {
        var input = channel.CreateInputStream();
        try
        {
            await input.WriteAsync(first, stop.Token);
            var buffer = new byte[CopyBuffer];
            int read;
            while ((read = await ReadLocalAsync(rest, buffer, stop)) > 0)
            {
                await input.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
        {
            // The command stopped reading, or the connection went: the execution says which.
        }
        finally
        {
            try
            {
                await input.DisposeAsync();
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
            {
                // The channel closed before its EOF could be sent.
            }
        }
    }

    private static async Task<int> ReadLocalAsync(Stream source, byte[] buffer, CancellationTokenSource stop)
    {
        try
        {
            return await source.ReadAsync(buffer, stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private void Answered() => Interlocked.Exchange(ref lastAnswer, Stopwatch.GetTimestamp());

    // Probes only while commands run without an answer (a command ending is one), so an idle or busy-and-answering
    // connection costs the host nothing. The probe takes a channel beyond the limit: the limit stays under MaxSessions.
    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(closing.Token))
            {
                if (Volatile.Read(ref running) == 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref lastAnswer)) < ProbeAfter)
                {
                    continue;
                }
                if (await AnswersAsync())
                {
                    Answered();
                    continue;
                }
                silence = $"the host did not answer for {ProbeAnswer.TotalSeconds:0} s";
                options.Trace?.Invoke(new CommandTrace(Host, "ssh keepalive probe", -1, ProbeAnswer, silence));
                await silent.CancelAsync();
                await CloseAsync(client);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var probe = client.CreateCommand("true </dev/null");
            // Off this thread: SSH.NET opens the channel synchronously, and a silent host never confirms it.
            await Task.Run(() => probe.ExecuteAsync(closing.Token)).WaitAsync(ProbeAnswer, closing.Token);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // No answer in time, or SSH.NET's own channel-open timeout: either way the host is not answering.
            return false;
        }
    }

    private RemoteException Lost(RemoteCommand command, Exception error, long started)
    {
        var message = $"{Host}: the ssh connection was lost running `{command.Display}`: {silence ?? error.Message}";
        options.Trace?.Invoke(new CommandTrace(Host, command.Display, -1, Stopwatch.GetElapsedTime(started), message));
        return new RemoteException(Host, RemoteFailure.Unreachable, message, command.Display, innerException: error);
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        await watchdog;
        closing.Dispose();
        silent.Dispose();
        await CloseAsync(client);
        foreach (var hop in bastions.Reverse())
        {
            await CloseAsync(hop);
        }
    }

    private static async Task CloseAsync(Hop hop)
    {
        await BoundedAsync(() =>
        {
            hop.Forward.Stop();
            hop.Forward.Dispose();
        });
        await CloseAsync(hop.Client);
    }

    private static Task CloseAsync(SshClient client) => BoundedAsync(() =>
    {
        client.Disconnect();
        client.Dispose();
    });

    // Best effort within the deadline: a host that has gone may never answer the disconnect.
    private static async Task BoundedAsync(Action close)
    {
        try
        {
            await Task.Run(close).WaitAsync(DisconnectDeadline);
        }
        catch (TimeoutException)
        {
            // Abandoned: the socket goes with the process.
        }
        catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Already gone.
        }
    }
}
