using HaCluster.TestSupport;

namespace HaCluster.Tests.Support;

public sealed class SuiteTimelineTests
{
    [Theory]
    [InlineData("ssh-keygen -q -t ed25519 -N correct horse battery -C id_pass -f /tmp/k", "ssh-keygen -q -t ed25519 -N *** -C id_pass -f /tmp/k")]
    [InlineData("ssh-keygen -q -t rsa -N  -C id_rsa -f /tmp/k", "ssh-keygen -q -t rsa -N *** -C id_rsa -f /tmp/k")]
    [InlineData("ssh-keygen -p -P old -N new -f /tmp/k", "ssh-keygen -p -P *** -N *** -f /tmp/k")]
    [InlineData("tests/lab/lab exec --dir /tmp/d h1 -- sh -c x -N y", "tests/lab/lab exec --dir /tmp/d h1 -- sh -c x -N y")]
    public void The_timeline_masks_ssh_keygen_passphrases_and_nothing_else(string command, string shown) =>
        SuiteTimeline.Masked(command).Should().Be(shown);
}
