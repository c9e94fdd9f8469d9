using System.Text.Json;

namespace HaCluster.EndToEnd.Lab;

/// <summary>
/// A lab of real hosts (systemd + sshd, one network namespace each) brought up by <c>tests/lab/lab up</c>
/// in a directory of its own, and always taken down again. Use it as an xunit class or collection fixture
/// (see <see cref="LabFixtures"/>) or directly: <c>await using var lab = await Lab.StartAsync(options);</c>.
/// </summary>
public class Lab : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DownTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LabOptions _options;
    private Dictionary<string, string> _env = [];

    public Lab(LabOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Dir = NewDir();
    }

    public static string RepoRoot => Repository.Root;

    /// <summary>tests/lab/lab, for tests that drive the lab command themselves.</summary>
    public static string LabCommand { get; } = Path.Combine(RepoRoot, "tests", "lab", "lab");

    /// <summary>A fresh lab directory path under the temp directory (not created).</summary>
    public static string NewDir() => Path.Combine(Path.GetTempPath(), $"hactl-lab-{Guid.NewGuid():N}"[..22]);

    /// <summary>The lab's directory: hosts.json, cluster.yaml, known_hosts, ssh_config, the key.</summary>
    public string Dir { get; }

    public IReadOnlyList<LabHost> Hosts { get; private set; } = [];

    /// <summary>What <c>lab up</c> printed.</summary>
    public ProcessResult? UpResult { get; private set; }

    public string ClusterYamlPath => Path.Combine(Dir, "cluster.yaml");

    public string HostsJsonPath => Path.Combine(Dir, "hosts.json");

    public string KnownHostsPath => Path.Combine(Dir, "known_hosts");

    public string SshConfigPath => Path.Combine(Dir, "ssh_config");

    /// <summary>The private key every host accepts (for root, or for its --host-opt user).</summary>
    public string KeyPath => Path.Combine(Dir, "id_lab");

    /// <summary>The lab's user CA (private key): every host's sshd trusts certificates it signs (TrustedUserCAKeys).</summary>
    public string UserCaKeyPath => Path.Combine(Dir, "lab_ca");

    /// <summary>The lab's index I: its subnet is 10.99.I.0/24, its bridge hlab&lt;I&gt;.</summary>
    public int Index => int.Parse(_env["LAB_INDEX"]);

    /// <summary>The free address cluster.yaml uses as the virtual IP (without prefix length).</summary>
    public string VirtualIP => _env["LAB_VIP"];

    public LabHost Host(string name) =>
        Hosts.FirstOrDefault(h => h.Name == name) ?? throw new LabException($"no host {name} in the lab ({string.Join(", ", Hosts.Select(h => h.Name))})");

    public static async Task<Lab> StartAsync(LabOptions options)
    {
        var lab = new Lab(options);
        await lab.InitializeAsync();
        return lab;
    }

    /// <summary>Brings the lab up; on any failure takes down what was made and throws with up's output.</summary>
    public async Task InitializeAsync()
    {
        try
        {
            UpResult = await RunLabAsync(UpTimeout, ["up", "--dir", Dir, .. _options.UpArguments()]);
            _env = ReadEnv(Path.Combine(Dir, "lab.env"));
            Hosts = JsonSerializer.Deserialize<List<LabHost>>(await File.ReadAllTextAsync(HostsJsonPath), Json)
                ?? throw new LabException($"{HostsJsonPath} is empty");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the lab down (idempotent: also after a failed or half-finished up).</summary>
    public Task DisposeAsync() => RunLabAsync(DownTimeout, ["down", "--dir", Dir]);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs a command in the host as root, out of band (works with sshd stopped or the host cut off).</summary>
    public Task<ProcessResult> ExecAsync(string host, params string[] command) =>
        ProcessRunner.RunAsync(LabCommand, ["exec", "--dir", Dir, host, "--", .. command], CommandTimeout);

    /// <summary>Writes a file in a host as root, out of band (the parent directory must exist).</summary>
    public async Task WriteFileAsync(string host, string path, string content) =>
        (await ProcessRunner.RunAsync(LabCommand, ["exec", "--dir", Dir, host, "--", "sh", "-c", "cat > \"$1\"", "sh", path], CommandTimeout, content))
            .ThrowIfFailed();

    /// <summary>
    /// Copies a file of this machine into a host (over ssh, as hactl uploads), to <paramref name="path"/> with the mode:
    /// a host sees the machine's files through its overlay, but not /tmp, where a clone of the repository may live.
    /// </summary>
    public async Task CopyToHostAsync(string host, string localPath, string path, string mode)
    {
        var target = Host(host);
        var upload = $"/tmp/upload.{Guid.NewGuid():N}";
        (await ProcessRunner.RunAsync("scp",
            [
                "-q", "-i", KeyPath, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHostsPath}",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-P", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                localPath, $"{target.User}@{target.Address}:{upload}",
            ],
            TimeSpan.FromSeconds(60))).ThrowIfFailed();
        // Beside the target, then renamed: the file appears whole or not at all.
        (await ExecAsync(host, "sh", "-c", "install -m \"$3\" \"$1\" \"$2.copy\" && rm -f \"$1\" && mv -f \"$2.copy\" \"$2\"", "sh", upload, path, mode)).ThrowIfFailed();
    }

    /// <summary>A file's text in a host; throws naming host and path when it cannot be read.</summary>
    public async Task<string> ReadFileAsync(string host, string path) =>
        (await ExecAsync(host, "cat", "--", path)).ThrowIfFailed().StdOut;

    /// <summary>The host's IPv4 addresses with prefix length (e.g. 10.99.0.11/24), loopback left out.</summary>
    public async Task<IReadOnlyList<string>> IpAddrAsync(string host)
    {
        var output = (await ExecAsync(host, "ip", "-o", "-4", "addr", "show", "scope", "global")).ThrowIfFailed().StdOut;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(fields => fields[Array.IndexOf(fields, "inet") + 1])
            .ToList();
    }

    /// <summary>Real ssh with the lab key and the lab's known_hosts (strict checking), as the host's user unless told.</summary>
    public Task<ProcessResult> SshAsync(string host, string command, string? user = null, int connectTimeoutSeconds = 5, string? stdin = null)
    {
        var target = Host(host);
        return ProcessRunner.RunAsync("ssh",
            [
                "-i", KeyPath, "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHostsPath}",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", $"ConnectTimeout={connectTimeoutSeconds}",
                "-o", "LogLevel=ERROR", "-p", target.Port.ToString(), $"{user ?? target.User}@{target.Address}", "--", command,
            ],
            CommandTimeout, stdin);
    }

    /// <summary>Runs <c>lab fault FAULT HOST ARGS...</c> (see <see cref="LabFaults"/>); throws when it fails.</summary>
    public async Task FaultAsync(string fault, string host, params string[] args) =>
        (await RunLabAsync(CommandTimeout, ["fault", "--dir", Dir, fault, host, .. args])).ThrowIfFailed();

    /// <summary><c>lab status</c>: exit 0 when every host's systemd and sshd are up.</summary>
    public Task<ProcessResult> StatusAsync() => ProcessRunner.RunAsync(LabCommand, ["status", "--dir", Dir], CommandTimeout);

    /// <summary>Runs tests/lab/lab; a failure is the lab's (<see cref="LabException"/>), naming the command and its stderr.</summary>
    private static async Task<ProcessResult> RunLabAsync(TimeSpan timeout, IEnumerable<string> arguments)
    {
        var result = await ProcessRunner.RunAsync(LabCommand, arguments, timeout);
        return result.Succeeded ? result : throw new LabException(result.Failure);
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
}
