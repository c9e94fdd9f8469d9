using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>A lab host driven by hand as an operator would: k0s commands, files, systemctl.</summary>
public sealed class K0sHost
{
    public const string Binary = "/usr/local/bin/k0s";
    private readonly Lab.Lab _lab;

    internal K0sHost(Lab.Lab lab, string name)
    {
        _lab = lab;
        Name = name;
    }

    public string Name { get; }

    public string Address => _lab.Host(Name).Address;

    /// <summary>Runs <c>k0s ARGS</c> as root on the host.</summary>
    public Task<ProcessResult> K0sAsync(params string[] args) => _lab.ExecAsync(Name, [Binary, .. args]);

    /// <summary>Runs <c>k0s ARGS</c> under coreutils' timeout: for commands that block while etcd is down.</summary>
    public Task<ProcessResult> K0sWithin(TimeSpan limit, params string[] args) =>
        _lab.ExecAsync(Name, ["timeout", $"{limit.TotalSeconds:0}", Binary, .. args]);

    public Task<ProcessResult> ExecAsync(params string[] command) => _lab.ExecAsync(Name, command);

    public async Task<string> ReadFileAsync(string path) => await _lab.ReadFileAsync(Name, path);

    public async Task<bool> ExistsAsync(string path) => (await ExecAsync("test", "-e", path)).Succeeded;

    /// <summary>Writes a file; its content travels as one argument, so nothing in it is ever interpreted by a shell.</summary>
    public async Task WriteFileAsync(string path, string content, string mode = "0600") =>
        (await ExecAsync("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && printf '%s' \"$2\" > \"$1\" && chmod \"$3\" \"$1\"", "sh", path, content, mode))
            .ThrowIfFailed();

    /// <summary>Uploads the binary over ssh (as hactl would) to /usr/local/bin/k0s, mode 0750.</summary>
    public Task InstallBinaryAsync(string artifact) => _lab.CopyToHostAsync(Name, artifact, Binary, "0750");

    public async Task SystemctlAsync(params string[] args) => (await ExecAsync(["systemctl", .. args])).ThrowIfFailed();

    public override string ToString() => Name;
}
