using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// What the changing operations learn before deciding anything, in one round trip a host: its OS (others than the
/// supported families are refused), this run's lock (<see cref="HostLock"/>: two runs never interleave), and its facts
/// (<see cref="FactsScript"/>), read under that lock. A dry run takes no lock: it only checks that no live run holds
/// one, and plans the breaking of a stale one. Only a stale lock costs a second round trip. The command is the
/// connecting phase's opening (<see cref="IHostOpening"/>): it runs as the connection opens, and this phase reads the
/// answers; a host connected without it is asked here.
/// </summary>
public sealed class SurveyHostsPhase(HostLock hostLock) : Phase<object, GatheredCluster<OsDetected>>, IHostOpening
{
    private readonly ConcurrentDictionary<HostSession, (RemoteCommand Command, CommandResult Result)> answered = new();
    private ILookup<int, string>? managedPaths;

    private const string Prelude = """

        echo "### lock"; take_lock "$1" "$2" "$3" "$4"; echo "status $?"
        shift 4
        echo "### os-release"; while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < /etc/os-release

        """;

    public override string Title => "Survey hosts";

    public override async Task<GatheredCluster<OsDetected>> RunAsync(RunContext context, object state, CancellationToken cancellationToken)
    {
        var systems = new ConcurrentDictionary<HostSession, OsInfo>();
        var facts = new ConcurrentDictionary<HostSession, HostFacts>();
        await context.ForEachHostAsync(context.Connected, async (host, token) =>
        {
            var output = answered.TryRemove(host, out var answer)
                ? Checked(host, answer.Command, answer.Result)
                : await SurveyAsync(context, host, token);
            var sections = FactsScript.Sections(output);
            // The lock first: one taken is released on every exit path, the refusal of the OS included.
            await LockAsync(context, host, sections.GetValueOrDefault("lock", []), token);
            systems[host] = OsInfo.Parse(string.Join('\n', sections.GetValueOrDefault("os-release", [])), out var description)
                ?? throw new HostException(host.Name, $"unsupported OS \"{description}\": hactl supports Debian/Ubuntu and RHEL-family hosts");
            facts[host] = FactsScript.Parse(output);
        }, cancellationToken);
        return FactsGathering.Assemble(context, new OsDetected(systems), facts);
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) =>
        hostLock.ReleaseAsync(context, cancellationToken);

    public RemoteCommand CommandFor(RunContext context, HostSession host)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(host);
        var command = Command(context, host, checkOnly: context.Options.DryRun);
        // Once sent under a real run the lock may be taken, answer or not: the closing phase asks this host to release
        // it, and the release removes only this run's lock.
        if (!context.Options.DryRun)
        {
            hostLock.Took(host);
        }
        return command;
    }

    public void Answered(HostSession host, RemoteCommand command, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(host);
        answered[host] = (command, result);
    }

    private RemoteCommand Command(RunContext context, HostSession host, bool checkOnly)
    {
        var paths = LazyInitializer.EnsureInitialized(ref managedPaths, () => FactsGathering.ManagedPaths(context));
        return RemoteCommand.Script("survey host", HostLock.TakeFunction + Prelude + FactsScript.Script,
            [.. hostLock.TakeArguments(checkOnly), .. FactsScript.Arguments(host.Host.DataDir, paths[host.Host.Index])]);
    }

    // The lock is bookkeeping, not a planned change: a real run takes it through its writer, a dry run only looks.
    private Task<string> SurveyAsync(RunContext context, HostSession host, CancellationToken cancellationToken)
    {
        var command = Command(context, host, checkOnly: context.Options.DryRun);
        return context.BookkeepAsync(host,
            async (writer, token) => Checked(host, command, await writer.TryRunAsync(command, token)),
            async token => Checked(host, command, await host.ProbeAsync(command, token)),
            cancellationToken);
    }

    private static string Checked(HostSession host, RemoteCommand command, CommandResult result) =>
        result.Succeeded ? result.Stdout : throw host.Failure(command, result);

    /// <summary>The lock section's verdict: taken (or free, under --dry-run), held by a live run, or left by a dead one.</summary>
    private async Task LockAsync(RunContext context, HostSession host, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var status = lines.LastOrDefault(l => l.StartsWith("status ", StringComparison.Ordinal));
        if (status == "status 0")
        {
            Took(context, host);
            return;
        }
        if (status != $"status {HostLock.HeldExitCode}")
        {
            throw new HostException(host.Name, $"could not take the lock {HostLock.Path}: {string.Join(' ', lines)}");
        }
        var holder = string.Join(' ', lines.Where(l => l != status)).Trim();
        if (!HostLock.IsStale(holder))
        {
            throw new HostException(host.Name, $"locked by another hactl run: {holder} (it is released when that run ends)");
        }
        context.Warn($"breaking a stale lock left by {holder}", host);
        await context.ChangeAsync(host, $"break the stale lock left by {holder}", (w, t) => w.RunAsync(HostLock.BreakCommand(), t), cancellationToken);
        // The facts were read while the dead run's lock was there; nobody was changing the host. Under --dry-run the
        // stale lock is only planned to go, so there is nothing more to take.
        var retaken = await context.BookkeepAsync(host,
            (writer, token) => writer.TryRunAsync(hostLock.AcquireCommand(checkOnly: false), token),
            _ => Task.FromResult(new CommandResult(0, "", "")), cancellationToken);
        if (!retaken.Succeeded)
        {
            throw host.Failure(hostLock.AcquireCommand(checkOnly: false), retaken);
        }
        Took(context, host);
    }

    private void Took(RunContext context, HostSession host)
    {
        if (!context.Options.DryRun)
        {
            hostLock.Took(host);
        }
    }
}
