using System.Collections.Concurrent;
using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.Tests.Pipeline;

internal sealed class RecordingSink : IEventSink
{
    public ConcurrentQueue<RunEvent> Events { get; } = new();

    public void Emit(RunEvent runEvent) => Events.Enqueue(runEvent);
}

/// <summary>A phase whose behaviour a test chooses, recording what the runner asked of it.</summary>
internal sealed class ScriptedPhase(string title, List<string> journal, Func<RunContext, CancellationToken, Task>? run = null) : Phase
{
    public override string Title => title;

    public bool Skip { get; init; }

    public override bool ShouldRun(RunContext context) => !Skip;

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        journal.Add($"run {title}");
        if (run is not null)
        {
            await run(context, cancellationToken);
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        journal.Add($"clean {title}");
        return Task.CompletedTask;
    }
}

internal static class Clusters
{
    public static ClusterModel Small(string? authPass = "s3cretpw") => new()
    {
        Name = "test",
        Hosts =
        [
            Host(0, HostRole.LoadBalancer, "lb1"),
            Host(1, HostRole.Controller, "c1"),
            Host(2, HostRole.Worker, "w1"),
        ],
        LoadBalancer = new LoadBalancerModel { Type = LoadBalancerType.HaproxyKeepalived, AuthPass = authPass },
        K0s = new K0sModel(),
    };

    private static HostModel Host(int index, HostRole role, string name) => new()
    {
        Index = index,
        Role = role,
        Name = name,
        Connection = new ConnectionModel { Address = $"10.0.0.{index + 10}" },
        PrivateAddress = $"10.0.0.{index + 10}",
    };
}
