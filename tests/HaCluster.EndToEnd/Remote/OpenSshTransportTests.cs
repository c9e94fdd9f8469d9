using System.Text.RegularExpressions;
using HaCluster.Remote;
using ProcessRunner = HaCluster.TestSupport.ProcessRunner;

namespace HaCluster.EndToEnd.Remote;

/// <summary>The OpenSSH transport against real sshd: the transport contract, through the system ssh.</summary>
[Collection(SharedTransportLab.Name)]
public sealed partial class OpenSshTransportTests(TransportLab lab) : TransportContractTests(lab)
{
    protected override ITransport Create(TransportOptions options) => new OpenSshTransport(options);

    [Fact]
    public async Task A_real_master_answers_the_in_process_control_protocol_as_ssh_O_check_sees_it_and_exits_when_told()
    {
        var directory = Directory.CreateTempSubdirectory("hactl-mux-").FullName;
        var socket = Path.Combine(directory, "m");
        var connection = Connection(Lab.Host("h1"));
        try
        {
            (await ProcessRunner.RunAsync("ssh", SshArguments.Master(connection, Options, socket), TimeSpan.FromSeconds(30))).ThrowIfFailed();
            var check = await ProcessRunner.RunAsync("ssh", ["-o", $"ControlPath={socket}", "-O", "check", "lab-host"], TimeSpan.FromSeconds(10));
            var pid = int.Parse(MasterPid().Match(check.StdErr).Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);

            (await MuxControl.AlivePidAsync(socket, CancellationToken.None)).Should().Be(pid);
            (await MuxControl.TerminateAsync(socket, CancellationToken.None)).Should().BeTrue();

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await WaitForExitAsync(pid, exited.Token);
            File.Exists(socket).Should().BeFalse("the master removes its socket as it exits");
            (await MuxControl.AlivePidAsync(socket, CancellationToken.None)).Should().BeNull();
        }
        finally
        {
            // Nothing the test started outlives it.
            await ProcessRunner.RunAsync("ssh", ["-o", $"ControlPath={socket}", "-O", "exit", "lab-host"], TimeSpan.FromSeconds(10));
            Directory.Delete(directory, recursive: true);
        }
    }

    // The master exits after answering; its process is not this test's child, so its exit is seen in /proc (gone, or a
    // zombie its new parent has yet to reap).
    private static async Task WaitForExitAsync(int pid, CancellationToken cancellationToken)
    {
        while (IsRunning(pid))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Master running \(pid=(?<pid>\d+)\)")]
    private static partial Regex MasterPid();
}
