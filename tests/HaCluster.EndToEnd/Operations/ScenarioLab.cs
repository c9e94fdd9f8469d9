using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>
/// A lab on which an ordered story of hactl commands runs once, on first use, and records what it saw at each step;
/// tests then check one behaviour each against that record. Steps change the cluster, so their order is the story's,
/// never the tests'.
/// </summary>
public abstract class ScenarioLab<TStory>(LabOptions options) : Lab.Lab(options)
{
    // About what ten answers a second apart took: status itself reads every host.
    private static readonly TimeSpan StatusSettles = TimeSpan.FromSeconds(40);

    private Lazy<Task<TStory>>? running;

    public Task<TStory> Story => (running ??= new Lazy<Task<TStory>>(RunStoryAsync)).Value;

    public string KubeconfigPath => Path.Combine(Dir, "admin.conf");

    public string[] LoadBalancers => [.. Hosts.Where(h => h.Role == "loadbalancer").Select(h => h.Name)];

    protected abstract Task<TStory> RunStoryAsync();

    /// <summary>Runs a hactl command against a config, with the lab's known_hosts and a log file in the lab dir.</summary>
    public Task<ProcessResult> HactlAsync(string command, string config, params string[] extra) =>
        Hactl.RunAsync(Hactl.ApplyTimeout,
            [command, "--config", config, "--known-hosts", KnownHostsPath, "--log-file", Path.Combine(Dir, $"{command}-{Guid.NewGuid():N}.log"), .. extra]);

    /// <summary>
    /// `hactl status --output json`, asked again until it shows what HAProxy and keepalived take a moment to notice;
    /// the last answer either way, for the test to assert on.
    /// </summary>
    public async Task<ProcessResult> StatusUntilAsync(string config, Func<ProcessResult, bool> shows) =>
        (await Poll.WatchAsync(StatusSettles, () => HactlAsync("status", config, "--output", "json"), shows, every: TimeSpan.FromSeconds(1))).Last;

    /// <summary>The "backend server" pairs of the running HAProxy on each load balancer host.</summary>
    protected async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> BackendServersAsync()
    {
        var backends = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var lb in LoadBalancers)
        {
            backends[lb] = await OutOfBand.BackendServersAsync(this, lb);
        }
        return backends;
    }

    /// <summary>Writes a variant of the lab's cluster.yaml next to it and returns its path.</summary>
    protected async Task<string> WriteConfigAsync(string name, Func<string, string> change)
    {
        var path = Path.Combine(Dir, name);
        await File.WriteAllTextAsync(path, change(await File.ReadAllTextAsync(ClusterYamlPath)));
        return path;
    }

    /// <summary>Fails the story with the command's output when it did not end as expected.</summary>
    protected static ProcessResult Expect(ProcessResult result, int exitCode) =>
        result.ExitCode == exitCode ? result : throw new LabException($"expected exit {exitCode}, got {result}");
}
