using System.Diagnostics;
using HaCluster.Remote;

namespace HaCluster.Pipeline;

public enum RunStatus
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>How a run ended: its status, how many changes it made (or would make), and the error that stopped it.</summary>
public record RunOutcome(RunStatus Status, int Changes, Exception? Error);

/// <summary>How a run ended, and on success what it produced for the command.</summary>
public sealed record RunOutcome<TResult>(RunStatus Status, int Changes, Exception? Error, TResult? Result)
    : RunOutcome(Status, Changes, Error);

/// <summary>Runs an operation's phases in order, cleans up after a failure or Ctrl-C, and always runs the closing phases.</summary>
public static class OperationRunner
{
    // Clean-up and closing phases run after Ctrl-C too, so they get their own bounded time, not the run's token.
    private static readonly TimeSpan ClosingBudget = TimeSpan.FromSeconds(60);

    public static async Task<RunOutcome> RunAsync(Operation operation, RunContext context, CancellationToken cancellationToken)
    {
        var (status, error, _) = await RunStepsAsync(operation, context, cancellationToken);
        return new RunOutcome(status, context.Plan.Count, error);
    }

    /// <summary>Runs the operation; on success the outcome carries its result.</summary>
    public static async Task<RunOutcome<TResult>> RunAsync<TResult>(Operation<TResult> operation, RunContext context, CancellationToken cancellationToken)
    {
        var (status, error, state) = await RunStepsAsync(operation, context, cancellationToken);
        return new RunOutcome<TResult>(status, context.Plan.Count, error, status == RunStatus.Succeeded ? operation.Result(state) : default);
    }

    private static async Task<(RunStatus, Exception?, object)> RunStepsAsync(Operation operation, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        context.Emit(new RunEvent
        {
            Event = EventKinds.RunStarted,
            DryRun = context.Options.DryRun,
            Transport = context.Options.Transport is { } transport ? TransportNames.Of(transport.Main) : null,
            OtherTransportHosts = context.Options.Transport is { OtherHosts.Count: > 0 } mixed ? mixed.OtherHosts : null,
        });
        var (status, error, ran, state) = await RunPhasesAsync(operation.Steps, context, cancellationToken);

        using (var closing = new CancellationTokenSource(ClosingBudget))
        {
            if (status != RunStatus.Succeeded)
            {
                foreach (var phase in Enumerable.Reverse(ran))
                {
                    await RunQuietlyAsync(phase.Title, () => phase.CleanUpAsync(context, closing.Token), context);
                }
            }
            foreach (var phase in operation.Finally)
            {
                context.Phase = phase.Title;
                await RunQuietlyAsync(phase.Title, () => phase.RunAsync(context, closing.Token), context);
            }
        }

        context.Emit(new RunEvent
        {
            Event = EventKinds.RunFinished,
            Status = StatusName(status),
            Changes = context.Plan.Count,
            DryRun = context.Options.DryRun,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Message = error?.Message,
        });
        return (status, error, state);
    }

    private static async Task<(RunStatus, Exception?, List<PhaseStep>, object)> RunPhasesAsync(
        IReadOnlyList<PhaseStep> phases, RunContext context, CancellationToken cancellationToken)
    {
        var ran = new List<PhaseStep>();
        object state = RunStart.Instance;
        foreach (var phase in phases)
        {
            context.Phase = phase.Title;
            if (cancellationToken.IsCancellationRequested)
            {
                return (RunStatus.Cancelled, null, ran, state);
            }
            if (!phase.ShouldRun(context, state))
            {
                context.Emit(new RunEvent { Event = EventKinds.PhaseSkipped, Phase = phase.Title });
                continue;
            }
            context.Emit(new RunEvent { Event = EventKinds.PhaseStarted, Phase = phase.Title });
            var clock = Stopwatch.StartNew();
            ran.Add(phase);
            try
            {
                state = await phase.RunAsync(context, state, cancellationToken);
                context.Emit(Finished(phase.Title, RunStatus.Succeeded, clock));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.Emit(Finished(phase.Title, RunStatus.Cancelled, clock));
                return (RunStatus.Cancelled, null, ran, state);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                context.Emit(ErrorEvent(phase.Title, error));
                context.Emit(Finished(phase.Title, RunStatus.Failed, clock));
                return (RunStatus.Failed, error, ran, state);
            }
        }
        return (RunStatus.Succeeded, null, ran, state);
    }

    private static async Task RunQuietlyAsync(string title, Func<Task> work, RunContext context)
    {
        try
        {
            await work();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A failing clean-up must not hide the error that caused it, nor stop the other clean-ups.
            context.Warn($"{title}: clean-up failed: {error.Message}");
        }
    }

    private static RunEvent Finished(string phase, RunStatus status, Stopwatch clock) => new()
    {
        Event = EventKinds.PhaseFinished,
        Phase = phase,
        Status = StatusName(status),
        DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
    };

    private static RunEvent ErrorEvent(string phase, Exception error) => error switch
    {
        RemoteException remote => new RunEvent
        {
            Event = EventKinds.Error, Phase = phase, Host = remote.Host, Message = remote.Message,
            Command = remote.Command, Stderr = remote.Result?.Stderr.Trim(),
        },
        HostException host => new RunEvent { Event = EventKinds.Error, Phase = phase, Host = host.Host, Message = host.Message },
        _ => new RunEvent { Event = EventKinds.Error, Phase = phase, Message = error.Message },
    };

    internal static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "ok",
        RunStatus.Failed => "failed",
        _ => "cancelled",
    };
}

/// <summary>A phase's verdict about one host (not a failed command): e.g. "clock skew of 40 s".</summary>
public sealed class HostException : Exception
{
    public HostException(string host, string message) : base(string.IsNullOrEmpty(host) ? message : $"{host}: {message}")
    {
        Host = host;
    }

    public HostException() : this("", "host check failed") { }

    public HostException(string message) : this("", message) { }

    public HostException(string message, Exception innerException) : base(message, innerException)
    {
        Host = "";
    }

    public string Host { get; }
}
