using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Spec;

namespace HaCluster.Cli.Commands;

/// <summary>The options every command that reaches hosts shares: output, log file, host keys, concurrency, timeout.</summary>
internal sealed class RunOptionsBinding
{
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "text for people, json for one JSON object per line (docs/output.md)",
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> LogFile { get; } = new("--log-file") { Description = "Write the debug log of the run here", HelpName = "FILE" };

    public Option<string?> KnownHosts { get; } = new("--known-hosts")
    {
        Description = "known_hosts file to verify host keys against (default: ssh's own)",
        HelpName = "FILE",
    };

    public Option<bool> StrictHostKeys { get; } = new("--strict-host-keys")
    {
        Description = "Refuse hosts whose key is not already known (default: accept new keys, refuse changed ones)",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = "How many hosts to work on at once",
        DefaultValueFactory = _ => 30,
    };

    public Option<string> Timeout { get; } = new("--timeout")
    {
        Description = "How long to wait for each cluster state (API ready, node Ready, etcd member), e.g. 5m, 90s",
        DefaultValueFactory = _ => "5m",
    };

    public Option<bool> NoPersist { get; } = new("--no-persist")
    {
        Description = $"End the ssh connections with the run (default: they stay {PersistIdle.TotalSeconds:0} s for the next run, unless CI is set)",
    };

    /// <summary>How long a persisted ssh master waits for the next run: Ansible's ControlPersist default.</summary>
    public static readonly TimeSpan PersistIdle = TimeSpan.FromSeconds(60);

    public IEnumerable<Option> All => [Output, LogFile, KnownHosts, StrictHostKeys, Concurrency, Timeout, NoPersist];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
        Output.AcceptOnlyFromAmong("text", "json");
        Concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--concurrency must be at least 1");
            }
        });
        Timeout.Validators.Add(result =>
        {
            if (!IsTimeout(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"--timeout: '{result.GetValueOrDefault<string>()}' is not a duration such as 5m or 90s");
            }
        });
    }

    public RunOptions RunOptions(ParseResult parseResult, bool dryRun = false, bool force = false)
    {
        var timeout = IsTimeout(parseResult.GetValue(Timeout), out var parsed) ? parsed : TimeSpan.FromMinutes(5);
        return new RunOptions { DryRun = dryRun, Force = force, Concurrency = parseResult.GetValue(Concurrency), Timeout = timeout };
    }

    public TransportOptions TransportOptions(ParseResult parseResult, LogEventSink log, SecretRedactor secrets) => new()
    {
        KnownHostsFile = parseResult.GetValue(KnownHosts),
        StrictHostKeyChecking = parseResult.GetValue(StrictHostKeys),
        // CI runs are one-offs on throwaway machines: nothing is left running after them.
        Persist = parseResult.GetValue(NoPersist) || Environment.GetEnvironmentVariable("CI") is { Length: > 0 }
            ? null
            : new PersistedMasters(MastersDirectory(), PersistIdle),
        Trace = trace => log.Command(trace.Host, trace.Command, trace.ExitCode, trace.Duration, secrets.Redact(trace.Stderr.Trim())),
    };

    /// <summary>$XDG_RUNTIME_DIR/hactl (a per-login tmpfs of the user's own), else ~/.cache/hactl/ssh.</summary>
    public static string MastersDirectory() =>
        Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Directory.Exists(runtime)
            ? Path.Combine(runtime, "hactl")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hactl", "ssh");

    // A wait of no time would fail every wait at once.
    private static bool IsTimeout(string? text, out TimeSpan timeout) => GoDuration.TryParse(text, out timeout) && timeout > TimeSpan.Zero;

    public bool Json(ParseResult parseResult) => parseResult.GetValue(Output) == "json";

    public LogEventSink OpenLog(ParseResult parseResult, string operation) =>
        new(parseResult.GetValue(LogFile) ?? LogEventSink.DefaultPath(operation));
}
