using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using HaCluster.Remote;
using HaCluster.TestSupport;
using ProcessRunner = HaCluster.TestSupport.ProcessRunner;

namespace HaCluster.Tests.Remote;

public sealed class KnownHostsTests : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private readonly string directory = Directory.CreateTempSubdirectory("hactl-known-hosts-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // A well-formed ed25519 public key blob: any 32 bytes make one.
    private static byte[] Ed25519(byte fill) => Blob("ssh-ed25519", Enumerable.Repeat(fill, 32).ToArray());

    private static byte[] Blob(string type, byte[] key)
    {
        var blob = new ArrayBufferWriter<byte>();
        foreach (var part in new[] { Encoding.ASCII.GetBytes(type), key })
        {
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            blob.Write(length);
            blob.Write(part);
        }
        return blob.WrittenSpan.ToArray();
    }

    private static string Line(string hosts, byte[] key, string type = "ssh-ed25519") => $"{hosts} {type} {Convert.ToBase64String(key)}";

    [Fact]
    public void A_plain_entry_is_known_for_its_host_and_no_other()
    {
        var file = KnownHosts.Parse(Line("h1.example,10.0.0.1", Ed25519(1)) + " a comment\n");

        file.Check("h1.example", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check("H1.Example", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known, "ssh compares host names without case");
        file.Check("10.0.0.1", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check("h2.example", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
        file.Check("h1.example", 2222, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown, "port 2222 is filed as [h1.example]:2222");
        file.Entries.Single().Comment.Should().Be("a comment");
    }

    [Fact]
    public void A_different_key_of_a_known_type_is_a_changed_key_and_another_type_is_unknown()
    {
        var file = KnownHosts.Parse(Line("h1", Ed25519(1)) + "\n");

        file.Check("h1", 22, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Changed);
        file.Check("h1", 22, "ecdsa-sha2-nistp256", Blob("ecdsa-sha2-nistp256", [1, 2, 3])).Should().Be(HostKeyStatus.Unknown);
    }

    [Fact]
    public void Any_of_several_keys_of_one_type_is_known()
    {
        var file = KnownHosts.Parse(Line("h1", Ed25519(1)) + "\n" + Line("h1", Ed25519(2)) + "\n");

        file.Check("h1", 22, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Known);
    }

    [Theory]
    [InlineData("*.lab", "h1.lab", true)]
    [InlineData("*.lab", "h1.prod", false)]
    [InlineData("h?.lab", "h7.lab", true)]
    [InlineData("h?.lab", "h10.lab", false)]
    [InlineData("10.0.0.*", "10.0.0.42", true)]
    [InlineData("*.lab,!db.lab", "db.lab", false)]
    [InlineData("!db.lab,*.lab", "db.lab", false)]
    [InlineData("*.lab,!db.lab", "web.lab", true)]
    [InlineData("!db.lab", "web.lab", false)]
    public void Wildcards_and_negations_match_as_in_openssh(string patterns, string host, bool matches)
    {
        var file = KnownHosts.Parse(Line(patterns, Ed25519(1)));

        file.Check(host, 22, "ssh-ed25519", Ed25519(1)).Should().Be(matches ? HostKeyStatus.Known : HostKeyStatus.Unknown);
    }

    [Fact]
    public void A_host_on_another_port_is_filed_in_brackets_with_its_port()
    {
        var file = KnownHosts.Parse(Line("[h1.example]:2222", Ed25519(1)) + "\n" + Line("[*.lab]:2200", Ed25519(2)) + "\n");

        file.Check("h1.example", 2222, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check("h1.example", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
        file.Check("h1.example", 2223, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
        file.Check("db.lab", 2200, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Known);
    }

    [Theory]
    [InlineData("h1.example", 22, "h1.example")]
    [InlineData("h1.example", 2222, "[h1.example]:2222")]
    public void A_hashed_entry_matches_the_hmac_of_the_host_name_keyed_by_its_salt(string host, int port, string hashedName)
    {
        var salt = RandomNumberGenerator.GetBytes(20);
#pragma warning disable CA5350 // OpenSSH's hashed names are HMAC-SHA1
        var hmac = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(hashedName));
#pragma warning restore CA5350
        var file = KnownHosts.Parse(Line($"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hmac)}", Ed25519(1)));

        file.Check(host, port, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check(host, port, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Changed);
        file.Check("other.example", port, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
        file.KeyTypesFor(host, port).Should().Equal("ssh-ed25519");
    }

    [Fact]
    public void Entries_hashed_by_ssh_keygen_are_found()
    {
        var (plainKey, plainType) = GenerateKey("plain");
        var (portKey, portType) = GenerateKey("port");
        var path = Path.Combine(directory, "known_hosts");
        File.WriteAllText(path, $"h1.example {plainType} {Convert.ToBase64String(plainKey)}\n[h2.example]:2222 {portType} {Convert.ToBase64String(portKey)}\n");

        ProcessRunner.Run("ssh-keygen", ["-H", "-f", path], ToolTimeout).ThrowIfFailed();

        var text = File.ReadAllText(path);
        text.Should().NotContain("example", "ssh-keygen -H replaces the names with their hashes");
        var file = KnownHosts.Load(path);
        file.Skipped.Should().BeEmpty();
        file.Entries.Should().HaveCount(2).And.OnlyContain(entry => entry.Hosts.StartsWith("|1|"));
        file.Check("h1.example", 22, plainType, plainKey).Should().Be(HostKeyStatus.Known);
        file.Check("h2.example", 2222, portType, portKey).Should().Be(HostKeyStatus.Known);
        file.Check("h2.example", 22, portType, portKey).Should().Be(HostKeyStatus.Unknown);
    }

    [Fact]
    public void An_entry_appended_hashed_is_found_by_ssh_keygen()
    {
        var path = Path.Combine(directory, "known_hosts");
        var (key, type) = GenerateKey("appended");

        KnownHosts.Append(path, "h3.example", 2222, type, key, hashed: true);

        File.ReadAllText(path).Should().StartWith("|1|").And.NotContain("h3.example");
        var found = ProcessRunner.Run("ssh-keygen", ["-F", "[h3.example]:2222", "-f", path], ToolTimeout);
        found.ExitCode.Should().Be(0, found.Failure);
        found.StdOut.Should().Contain(Convert.ToBase64String(key));
        ProcessRunner.Run("ssh-keygen", ["-F", "h3.example", "-f", path], ToolTimeout).ExitCode.Should().NotBe(0, "port 22 is another name");
        KnownHosts.Load(path).Check("h3.example", 2222, type, key).Should().Be(HostKeyStatus.Known);
    }

    [Fact]
    public void A_revoked_key_is_revoked_even_where_another_line_knows_it()
    {
        var file = KnownHosts.Parse(string.Join('\n', Line("h1", Ed25519(1)), "@revoked " + Line("*", Ed25519(1)), Line("h1", Ed25519(2))));

        file.Check("h1", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Revoked);
        file.Check("h1", 22, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Known);
        file.Check("h9", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Revoked, "@revoked * covers every host");
        file.KeyTypesFor("h9", 22).Should().BeEmpty("a revoked key is no key to offer for");
    }

    [Fact]
    public void Cert_authority_lines_take_no_part_in_plain_host_key_checks()
    {
        var file = KnownHosts.Parse("@cert-authority " + Line("*.lab", Ed25519(1)) + "\n");

        file.Entries.Single().Marker.Should().Be(KnownHostsMarker.CertAuthority);
        file.Check("h1.lab", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
        file.Check("h1.lab", 22, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Unknown, "a CA key is no host key to have changed from");
        file.KeyTypesFor("h1.lab", 22).Should().BeEmpty();
    }

    [Fact]
    public void The_key_types_of_a_host_come_in_the_files_order_once_each()
    {
        var ecdsa = Blob("ecdsa-sha2-nistp256", [9, 9]);
        var rsa = Blob("ssh-rsa", [7, 7]);
        var file = KnownHosts.Parse(string.Join('\n',
            Line("h1,h2", ecdsa, "ecdsa-sha2-nistp256"), Line("*", Ed25519(1)), Line("h1", rsa, "ssh-rsa"), Line("h1", Ed25519(2)), Line("h2", rsa, "ssh-rsa")));

        file.KeyTypesFor("h1", 22).Should().Equal("ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa");
        file.KeyTypesFor("h3", 22).Should().Equal("ssh-ed25519");
        file.KeyTypesFor("h3", 2222).Should().Equal(["ssh-ed25519"], "* matches [h3]:2222 too, as in OpenSSH");
    }

    [Fact]
    public void Comments_blank_lines_and_malformed_lines_are_skipped_and_malformed_ones_reported_with_their_line()
    {
        var text = string.Join('\n',
            "# a comment",
            "",
            "   ",
            "h1",
            "@expired " + Line("h1", Ed25519(1)),
            "h1 ssh-ed25519 not*base64",
            "h1 ssh-rsa " + Convert.ToBase64String(Ed25519(1)),
            "|1|c2hvcnQ=|c2hvcnQ= ssh-ed25519 " + Convert.ToBase64String(Ed25519(1)),
            "h1 1024 35 1234567",
            Line("h1", Ed25519(1)) + "\r");

        var file = KnownHosts.Parse(text);

        file.Skipped.Select(problem => problem.LineNumber).Should().Equal(4, 5, 6, 7, 8, 9);
        file.Skipped[1].ToString().Should().Be("line 5: unknown marker @expired");
        file.Entries.Should().ContainSingle().Which.LineNumber.Should().Be(10);
        file.Check("h1", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
    }

    [Fact]
    public void A_missing_file_knows_no_host()
    {
        var file = KnownHosts.Load(Path.Combine(directory, "absent"));

        file.Entries.Should().BeEmpty();
        file.Check("h1", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Unknown);
    }

    [Fact]
    public void Entries_are_appended_as_openssh_writes_them_and_read_back()
    {
        var path = Path.Combine(directory, "ssh", "known_hosts");

        KnownHosts.Append(path, "H1.example", 22, "ssh-ed25519", Ed25519(1));
        KnownHosts.Append(path, "10.0.0.2", 2222, "ssh-ed25519", Ed25519(2));

        File.ReadAllText(path).Should().Be(
            $"h1.example ssh-ed25519 {Convert.ToBase64String(Ed25519(1))}\n[10.0.0.2]:2222 ssh-ed25519 {Convert.ToBase64String(Ed25519(2))}\n");
        var file = KnownHosts.Load(path);
        file.Check("h1.example", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check("10.0.0.2", 2222, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Known);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(path)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void An_entry_appended_to_a_file_without_a_final_newline_starts_a_line_of_its_own()
    {
        var path = Path.Combine(directory, "known_hosts");
        File.WriteAllText(path, Line("h1", Ed25519(1)));

        KnownHosts.Append(path, "h2", 22, "ssh-ed25519", Ed25519(2));

        var file = KnownHosts.Load(path);
        file.Skipped.Should().BeEmpty();
        file.Check("h1", 22, "ssh-ed25519", Ed25519(1)).Should().Be(HostKeyStatus.Known);
        file.Check("h2", 22, "ssh-ed25519", Ed25519(2)).Should().Be(HostKeyStatus.Known);
    }

    [Fact]
    public async Task Parallel_appends_leave_every_line_whole()
    {
        var path = Path.Combine(directory, "known_hosts");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => KnownHosts.Append(path, $"h{i}", 22, "ssh-ed25519", Ed25519((byte)i)))));

        var file = KnownHosts.Load(path);
        file.Skipped.Should().BeEmpty();
        Enumerable.Range(0, 50).Should().OnlyContain(i => file.Check($"h{i}", 22, "ssh-ed25519", Ed25519((byte)i)) == HostKeyStatus.Known);
    }

    [Fact]
    public void Fingerprints_are_those_ssh_keygen_prints()
    {
        var (key, _) = GenerateKey("fingerprint");

        var printed = ProcessRunner.Run("ssh-keygen", ["-l", "-E", "sha256", "-f", Path.Combine(directory, "fingerprint.pub")], ToolTimeout).ThrowIfFailed();

        printed.StdOut.Split(' ')[1].Should().Be(SshWire.Fingerprint(key));
    }

    [Theory]
    [InlineData(HostKeyPolicy.AcceptNew, HostKeyStatus.Known, true, false)]
    [InlineData(HostKeyPolicy.Strict, HostKeyStatus.Known, true, false)]
    [InlineData(HostKeyPolicy.AcceptNew, HostKeyStatus.Unknown, true, true)]
    [InlineData(HostKeyPolicy.Strict, HostKeyStatus.Unknown, false, false)]
    [InlineData(HostKeyPolicy.AcceptNew, HostKeyStatus.Changed, false, false)]
    [InlineData(HostKeyPolicy.Strict, HostKeyStatus.Changed, false, false)]
    [InlineData(HostKeyPolicy.AcceptNew, HostKeyStatus.Revoked, false, false)]
    [InlineData(HostKeyPolicy.Strict, HostKeyStatus.Revoked, false, false)]
    public void The_policy_accepts_known_keys_records_new_ones_under_accept_new_and_never_takes_a_changed_or_revoked_key(
        HostKeyPolicy policy, HostKeyStatus status, bool accepted, bool recorded)
    {
        var decision = policy.Decide(status, "h1.example", 2222, "ssh-ed25519", Ed25519(1));

        decision.Accepted.Should().Be(accepted);
        decision.Record.Should().Be(recorded);
        if (accepted)
        {
            decision.Refusal.Should().BeNull();
        }
        else
        {
            decision.Refusal.Should().Contain("[h1.example]:2222").And.Contain("ssh-ed25519").And.Contain(SshWire.Fingerprint(Ed25519(1)));
            decision.ToException("h1.example").Failure.Should().Be(RemoteFailure.HostKeyRejected);
        }
    }

    [Fact]
    public void The_policy_follows_the_transport_options()
    {
        HostKeyPolicies.From(new TransportOptions()).Should().Be(HostKeyPolicy.AcceptNew);
        HostKeyPolicies.From(new TransportOptions { StrictHostKeyChecking = true }).Should().Be(HostKeyPolicy.Strict);
    }

    [Fact]
    public void A_changed_key_is_refused_with_a_message_that_says_what_to_do()
    {
        var decision = HostKeyPolicy.AcceptNew.Decide(HostKeyStatus.Changed, "h1", 22, "ssh-ed25519", Ed25519(1));

        decision.Refusal.Should().Contain("has changed").And.Contain("ssh-keygen -R 'h1'");
        SshWire.Fingerprint(Ed25519(1)).Should().StartWith("SHA256:").And.NotEndWith("=");
    }

    private (byte[] Key, string Type) GenerateKey(string name)
    {
        var path = Path.Combine(directory, name);
        ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], ToolTimeout).ThrowIfFailed();
        var fields = File.ReadAllText(path + ".pub").Split(' ');
        return (Convert.FromBase64String(fields[1]), fields[0]);
    }
}
