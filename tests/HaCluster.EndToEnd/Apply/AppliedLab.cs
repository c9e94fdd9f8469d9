using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Apply;

/// <summary>A lab on which `hactl apply` of the lab's cluster.yaml has run once; tests look at the result.</summary>
public abstract class AppliedLab(LabOptions options) : Lab.Lab(options), IAsyncLifetime
{
    /// <summary>The first apply: its exit code and output (a failed apply is reported by the tests, not hidden).</summary>
    public ProcessResult FirstApply { get; private set; } = null!;

    public string KubeconfigPath => Path.Combine(Dir, "admin.conf");

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        FirstApply = await ApplyAsync("--kubeconfig-out", KubeconfigPath);
    }

    public Task<ProcessResult> ApplyAsync(params string[] extra) => HactlAsync("apply", ClusterYamlPath, extra);

    /// <summary>Runs a hactl command against a config, with the lab's known_hosts and a log file in the lab dir.</summary>
    public Task<ProcessResult> HactlAsync(string command, string config, params string[] extra) =>
        Hactl.RunAsync(Hactl.ApplyTimeout,
            [command, "--config", config, "--known-hosts", KnownHostsPath, "--log-file", Path.Combine(Dir, $"{command}-{Guid.NewGuid():N}.log"), .. extra]);

    public string[] HactlArgs(string command, string config, params string[] extra) =>
        [command, "--config", config, "--known-hosts", KnownHostsPath, "--log-file", Path.Combine(Dir, $"{command}-{Guid.NewGuid():N}.log"), .. extra];
}

/// <summary>2 LB + 3 controllers + 2 workers; the first controller is reached as a sudo user on port 2222.</summary>
public sealed class HaproxyKeepalivedCluster() : AppliedLab(new LabOptions
{
    Hosts = 7,
    HostOptions = ["h3:user=deploy,sudo=nopasswd,port=2222"],
});

/// <summary>The lab's h1 plays the user's external load balancer for 3 controllers and 1 worker.</summary>
public sealed class ExternalLbCluster() : AppliedLab(new LabOptions { Hosts = 5, Topology = LabTopologies.External });
