using HaCluster.Hosts;

namespace HaCluster.Tests.Hosts;

public class OsInfoTests
{
    [Theory]
    [InlineData("ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"", OsFamily.Debian, "apt")]
    [InlineData("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"", OsFamily.Debian, "apt")]
    [InlineData("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"", OsFamily.Rhel, "dnf")]
    [InlineData("ID=almalinux\nVERSION_ID=9", OsFamily.Rhel, "dnf")]
    public void Supported_systems_map_to_their_family_and_package_manager(string osRelease, OsFamily family, string packageManager)
    {
        var os = OsInfo.Parse(osRelease, out _);

        os.Should().NotBeNull();
        os!.Family.Should().Be(family);
        os.PackageManager.Name.Should().Be(packageManager);
    }

    [Fact]
    public void Other_systems_are_unsupported_and_described_by_name()
    {
        var os = OsInfo.Parse("ID=alpine\nPRETTY_NAME=\"Alpine Linux v3.20\"", out var description);

        os.Should().BeNull();
        description.Should().Be("Alpine Linux v3.20");
    }
}
