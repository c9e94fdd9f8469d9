using System.Collections.Concurrent;
using HaCluster.Remote;

namespace HaCluster.Tests.Fakes;

/// <summary>
/// A host that answers commands by their display text (the first handler whose prefix matches), and records every
/// command and upload; commands nobody expected fail the test. Fakes of one run may share a journal, so a test can
/// tell in which order hosts were acted on.
/// </summary>
internal sealed class FakeHost(string name, ConcurrentQueue<string>? journal = null) : IHostConnection
{
    private readonly List<(string Prefix, Func<RemoteCommand, CommandResult> Reply)> handlers = [];
    private readonly List<(string Prefix, Func<RemoteCommand, (byte[] Stdout, CommandResult Result)> Reply)> streamHandlers = [];

    public string Host => name;

    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentDictionary<string, string> Uploads { get; } = new();

    public FakeHost On(string prefix, string stdout, int exitCode = 0, string stderr = "") =>
        On(prefix, _ => new CommandResult(exitCode, stdout, stderr));

    /// <summary>Answers with what the reply says at the time of the call (e.g. etcd's membership as it grows).</summary>
    public FakeHost On(string prefix, Func<RemoteCommand, CommandResult> reply)
    {
        handlers.Add((prefix, reply));
        return this;
    }

    /// <summary>Answers matching commands this way, ahead of every handler registered before (a test's twist on a shared setup).</summary>
    public FakeHost Instead(string prefix, Func<RemoteCommand, CommandResult> reply)
    {
        handlers.Insert(0, (prefix, reply));
        return this;
    }

    public FakeHost Instead(string prefix, string stdout, int exitCode = 0, string stderr = "") =>
        Instead(prefix, _ => new CommandResult(exitCode, stdout, stderr));

    /// <summary>Answers a command whose stdout is streamed (<see cref="RunToStreamAsync"/>) with these bytes.</summary>
    public FakeHost OnStream(string prefix, byte[] stdout, int exitCode = 0, string stderr = "") =>
        OnStream(prefix, _ => (stdout, new CommandResult(exitCode, "", stderr)));

    public FakeHost OnStream(string prefix, Func<RemoteCommand, (byte[] Stdout, CommandResult Result)> reply)
    {
        streamHandlers.Add((prefix, reply));
        return this;
    }

    public async Task<CommandResult> RunToStreamAsync(RemoteCommand command, Stream stdout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(stdout);
        Commands.Enqueue(command.Display);
        journal?.Enqueue($"{name}: {command.Display}");
        var handler = streamHandlers.FirstOrDefault(h => command.Display.StartsWith(h.Prefix, StringComparison.Ordinal));
        if (handler.Reply is null)
        {
            throw new Xunit.Sdk.XunitException($"{name}: unexpected streamed command `{command.Display}`");
        }
        var (bytes, result) = handler.Reply(command);
        await stdout.WriteAsync(bytes, cancellationToken);
        return result;
    }

    public Task<CommandResult> RunAsync(RemoteCommand command, byte[]? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Commands.Enqueue(command.Display);
        journal?.Enqueue($"{name}: {command.Display}");
        var handler = handlers.FirstOrDefault(h => command.Display.StartsWith(h.Prefix, StringComparison.Ordinal));
        return handler.Reply is null
            ? throw new Xunit.Sdk.XunitException($"{name}: unexpected command `{command.Display}`")
            : Task.FromResult(handler.Reply(command));
    }

    public Task UploadAsync(byte[] content, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        Uploads[path] = System.Text.Encoding.UTF8.GetString(content);
        journal?.Enqueue($"{name}: upload {path}");
        return Task.CompletedTask;
    }

    /// <summary>Sha256 each checked upload was sent with, by path.</summary>
    public ConcurrentDictionary<string, string> UploadHashes { get; } = new();

    /// <summary>Runs while a checked upload is under way (e.g. to see how many run at once).</summary>
    public Func<CancellationToken, Task>? WhileUploading { get; set; }

    public async Task UploadCheckedAsync(Stream content, string sha256, string path, string mode, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (WhileUploading is { } uploading)
        {
            await uploading(cancellationToken);
        }
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Uploads[path] = System.Text.Encoding.UTF8.GetString(copy.ToArray());
        UploadHashes[path] = sha256;
        journal?.Enqueue($"{name}: upload {path}");
    }

    public RemoteException Failure(RemoteCommand command, CommandResult result) => RemoteException.CommandFailed(name, command, result);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
