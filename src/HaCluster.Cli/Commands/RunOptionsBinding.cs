using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Local;
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

    public Option<string?> Transport { get; } = new("--transport")
    {
        Description = $"How to reach hosts: auto (OpenSSH where ssh is on PATH on Linux and macOS, else SSH.NET), openssh or sshnet (default: ${TransportEnvironment}, else auto)",
        HelpName = "auto|openssh|sshnet",
    };

    /// <summary>The environment variable --transport defaults from.</summary>
    public const string TransportEnvironment = "HACTL_TRANSPORT";

    /// <summary>The passphrase of encrypted key files, for SSH.NET; never logged or printed.</summary>
    public const string KeyPassphraseEnvironment = SshNetAuthentication.PassphraseVariable;

    public Option<bool> NoPersist { get; } = new("--no-persist")
    {
        Description = $"End the ssh connections with the run (default: they stay {PersistIdle.TotalSeconds:0} s for the next run, unless CI is set)",
    };

    /// <summary>How long a persisted ssh master waits for the next run: Ansible's ControlPersist default.</summary>
    public static readonly TimeSpan PersistIdle = TimeSpan.FromSeconds(60);

    public IEnumerable<Option> All => [Output, LogFile, Transport, KnownHosts, StrictHostKeys, Concurrency, Timeout, NoPersist];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
        Output.AcceptOnlyFromAmong("text", "json");
        Transport.AcceptOnlyFromAmong([.. TransportNames.Choices]);
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

    /// <summary>
    /// --transport, else HACTL_TRANSPORT, else auto; null with the problem when the variable holds something else (the
    /// option itself is checked by the parser).
    /// </summary>
    public TransportChoice? TransportChoice(ParseResult parseResult, Func<string, string?> getVariable, out string? problem) =>
        ChooseTransport(parseResult.GetValue(Transport), getVariable(TransportEnvironment), out problem);

    public static TransportChoice? ChooseTransport(string? option, string? environment, out string? problem)
    {
        problem = null;
        var text = option ?? (environment is { Length: > 0 } ? environment : TransportNames.Auto);
        if (TransportNames.TryParse(text, out var choice))
        {
            return choice;
        }
        problem = $"{TransportEnvironment}='{environment}' is not a transport: use one of {string.Join(", ", TransportNames.Choices)}";
        return null;
    }

    /// <summary>The transport options of a run; the key passphrase, if any, is registered with the run's secrets first.</summary>
    public TransportOptions TransportOptions(ParseResult parseResult, Func<string, string?> getVariable, LogEventSink log, SecretRedactor secrets)
    {
        var passphrase = getVariable(KeyPassphraseEnvironment) is { Length: > 0 } given ? given : null;
        secrets.Add(passphrase);
        return TransportOptions(parseResult, log, secrets) with { KeyPassphrase = passphrase };
    }

    private TransportOptions TransportOptions(ParseResult parseResult, LogEventSink log, SecretRedactor secrets) => new()
    {
        KnownHostsFile = parseResult.GetValue(KnownHosts),
        StrictHostKeyChecking = parseResult.GetValue(StrictHostKeys),
        // CI runs are one-offs on throwaway machines: nothing is left running after them.
        Persist = parseResult.GetValue(NoPersist) || Environment.GetEnvironmentVariable("CI") is { Length: > 0 }
            ? null
            : new PersistedMasters(MastersDirectory(), PersistIdle),
        Trace = trace => log.Command(trace.Host, trace.Command, trace.ExitCode, trace.Duration, secrets.Redact(trace.Stderr.Trim())),
    };

    /// <summary>See <see cref="PlatformPaths.MastersDirectory"/>.</summary>
    public static string MastersDirectory() => PlatformPaths.Current.MastersDirectory;

    // A wait of no time would fail every wait at once.
    private static bool IsTimeout(string? text, out TimeSpan timeout) => GoDuration.TryParse(text, out timeout) && timeout > TimeSpan.Zero;

    public bool Json(ParseResult parseResult) => parseResult.GetValue(Output) == "json";

    public LogEventSink OpenLog(ParseResult parseResult, string operation) =>
        new(parseResult.GetValue(LogFile) ?? LogEventSink.DefaultPath(operation));
}
