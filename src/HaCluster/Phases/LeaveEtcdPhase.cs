using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;
using Polly;
using Polly.Retry;

namespace HaCluster.Phases;

/// <summary>
/// Removes the ejected controller's etcd member with `k0s etcd leave --peer-address` run on a healthy remaining
/// controller, never on the node itself: it may be dead, and k0sctl's way of running it there leaves the member
/// behind (k0sctl #603).
/// </summary>
public sealed class LeaveEtcdPhase : Phase<EjectionPlan>
{
    // etcd (strict reconfiguration check) refuses to remove a voting member while too few of those that stay have been
    // connected for its health interval, 5 s ("etcdserver: unhealthy cluster"), as just after one restarted. The check
    // before any change found every member that stays healthy, so the refusal is waited out, a try a second for about this long.
    private static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(30);
    private const string Unhealthy = "etcdserver: unhealthy cluster";

    public override string Title => "Remove the etcd member";

    public override async Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        if (target.Member is not { } member)
        {
            context.Info($"{target.Display} is not an etcd member: nothing to remove");
            return;
        }
        var op = target.Operator;
        var peerAddress = K0sOutput.PeerHost(member.PeerUrl);
        await context.ChangeAsync(target.ReportedUnder, $"remove etcd member {member.DisplayName} ({member.PeerUrl}), from {op.Name}",
            (writer, token) => LeaveAsync(context, op, writer.On(op), peerAddress, token), cancellationToken);
    }

    private static Task LeaveAsync(RunContext context, HostSession op, HostWriter writer, string peerAddress, CancellationToken cancellationToken)
    {
        var whileReconnecting = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                Name = "WaitForEtcdMembers",
                ShouldHandle = new PredicateBuilder().Handle<RemoteException>(e => e.Result?.Stderr.Contains(Unhealthy, StringComparison.Ordinal) == true),
                MaxRetryAttempts = (int)(ReconnectGrace / Waits.PollInterval),
                Delay = Waits.PollInterval,
                BackoffType = DelayBackoffType.Constant,
                OnRetry = args =>
                {
                    if (args.AttemptNumber == 0)
                    {
                        context.Info($"etcd answers \"{Unhealthy}\": a member that stays reconnected moments ago; waiting up to {ReconnectGrace.TotalSeconds:0} s for etcd to count it", op);
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return whileReconnecting.ExecuteAsync(async token => { await writer.RunAsync(K0sCommands.EtcdLeave(peerAddress), token); }, cancellationToken).AsTask();
    }
}
