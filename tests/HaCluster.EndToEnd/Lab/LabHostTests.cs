namespace HaCluster.EndToEnd.Lab;

[Collection(SharedSelfTestLab.Name)]
public sealed class LabHostTests(SelfTestLab lab)
{
    [Fact]
    public async Task Every_host_answers_ssh_with_its_own_hostname()
    {
        foreach (var host in lab.Hosts)
        {
            var result = (await lab.SshAsync(host.Name, "hostname")).ThrowIfFailed();

            result.StdOut.Trim().Should().Be(host.Name);
        }
    }
}
