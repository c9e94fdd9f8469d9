using System.Net;
using HaCluster.Hosts;
using HaCluster.TestSupport;

namespace HaCluster.Tests.Hosts;

public class FactsScriptTests
{
    // The shape a lab controller prints; the real-shell test below checks the script end to end.
    private const string Captured = """
        ### hostname
        h3
        ### arch
        x86_64
        ### uid
        0
        ### clock
        1795400000
        ### addresses
        1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
        2: eth0@if12    inet 10.99.1.13/24 brd 10.99.1.255 scope global eth0\       valid_lft forever preferred_lft forever
        ### k0s
        v1.33.4+k0s.0
        ### units
        k0scontroller active
        k0sworker missing
        haproxy missing
        keepalived missing
        ### programs
        haproxy
        keepalived
        ### etcd
        joined
        ### hashes
        0f343b0931126a20f133d67c2b018a3b5a7a1d0bd6d9ae3b0f5a2f5d7c1c6e11  /etc/k0s/k0s.yaml
        """;

    [Fact]
    public void Captured_facts_parse_into_every_field()
    {
        var facts = FactsScript.Parse(Captured);

        facts.Hostname.Should().Be("h3");
        facts.Arch.Should().Be("x86_64");
        facts.Uid.Should().Be(0);
        facts.Clock.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1795400000));
        facts.FindAddress("10.99.1.13").Should().Be(new InterfaceAddress("eth0", IPAddress.Parse("10.99.1.13"), 24));
        facts.K0sVersion.Should().Be("v1.33.4+k0s.0");
        facts.IsActive("k0scontroller").Should().BeTrue();
        facts.UnitExists("k0sworker").Should().BeFalse();
        facts.Programs.Should().BeEquivalentTo("haproxy", "keepalived");
        facts.EtcdJoined.Should().BeTrue();
        facts.FileHashes.Should().ContainKey("/etc/k0s/k0s.yaml");
    }

    [Fact]
    public void A_version_read_from_the_record_is_marked_recorded_and_one_from_the_binary_is_not()
    {
        var recorded = FactsScript.Parse(Captured.Replace("v1.33.4+k0s.0\n", "v1.33.4+k0s.0\n### k0s_recorded\nyes\n", StringComparison.Ordinal));

        recorded.K0sVersion.Should().Be("v1.33.4+k0s.0");
        recorded.K0sVersionRecorded.Should().BeTrue();
        FactsScript.Parse(Captured).K0sVersionRecorded.Should().BeFalse();
    }

    [Fact]
    public void The_script_runs_in_a_real_shell_and_its_output_parses()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "hello\n");
            var command = FactsScript.Command("/nonexistent/k0s", [file, "/nonexistent/file"]);

            var facts = FactsScript.Parse(RunLocally(command.Argv));

            facts.Hostname.Should().Be(Environment.MachineName);
            facts.Uid.Should().BeGreaterThanOrEqualTo(0);
            facts.Addresses.Should().Contain(a => a.Interface == "lo" && a.Address.Equals(IPAddress.Loopback));
            facts.EtcdJoined.Should().BeFalse();
            facts.FileHashes.Should().ContainSingle().Which.Should().Be(
                new KeyValuePair<string, string>(file, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_k0s_binary_whose_identity_matches_its_record_is_neither_hashed_nor_run()
    {
        using var host = new FakeK0sHost();
        host.Record(host.Identity(), "v1.33.4+k0s.0", RecordedHash);

        var facts = host.Gather();

        facts.FileHashes[host.Binary].Should().Be(RecordedHash, "the record's hash stands for the binary it identifies");
        facts.K0sVersion.Should().Be("v1.33.4+k0s.0");
        facts.K0sVersionRecorded.Should().BeTrue();
    }

    [Fact]
    public void A_k0s_binary_changed_since_its_record_is_hashed_and_asked_its_version_again()
    {
        using var host = new FakeK0sHost();
        // The same inode, size and mtime with an older ctime: a rewrite in place whose size and mtime were put back.
        var identity = host.Identity().Split(' ');
        identity[3] = (long.Parse(identity[3], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        host.Record(string.Join(' ', identity), "v1.33.4+k0s.0", RecordedHash);

        var facts = host.Gather();

        facts.FileHashes[host.Binary].Should().Be(host.Sha256());
        facts.K0sVersion.Should().Be("v1.34.1+k0s.0", "the binary itself answers");
        facts.K0sVersionRecorded.Should().BeFalse();
    }

    private const string RecordedHash = "00000000000000000000000000000000000000000000000000000000feedface";

    // A k0s binary (a script that prints its version) and its version record in a temp directory, put in the facts
    // script's arguments where the real paths would be.
    private sealed class FakeK0sHost : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("hactl-facts-").FullName;

        public FakeK0sHost()
        {
            Binary = Path.Combine(directory, "k0s");
            File.WriteAllText(Binary, "#!/bin/sh\necho v1.34.1+k0s.0\n");
            File.SetUnixFileMode(Binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Binary { get; }

        private string RecordPath => Path.Combine(directory, "k0s-version");

        public string Identity() => RunLocally(["stat", "-c", HaCluster.K0s.K0sPaths.BinaryIdentityFormat, Binary]).Trim();

        public string Sha256() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Binary)));

        public void Record(string identity, string version, string hash) => File.WriteAllText(RecordPath, $"{identity}\n{version}\n{hash}\n");

        public HostFacts Gather()
        {
            var argv = FactsScript.Command("/nonexistent/k0s", [Binary]).Argv
                .Select(word => word == HaCluster.K0s.K0sPaths.Binary ? Binary : word == HaCluster.K0s.K0sPaths.VersionRecord ? RecordPath : word)
                .ToList();
            return FactsScript.Parse(RunLocally(argv));
        }

        public void Dispose() => Directory.Delete(directory, recursive: true);
    }

    private static string RunLocally(IReadOnlyList<string> argv)
    {
        var result = ProcessRunner.Run(argv[0], argv.Skip(1), TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0);
        return result.StdOut;
    }
}
