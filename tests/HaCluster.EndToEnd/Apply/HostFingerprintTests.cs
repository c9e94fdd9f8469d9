using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Apply;

/// <summary>
/// The fingerprint the dry-run and refusal tests compare sees what they rely on it to see, on a lab host's overlay:
/// nothing when nothing was written, and a rewrite even when its size and modification time were put back.
/// </summary>
[Collection(SharedSelfTestLab.Name)]
public sealed class HostFingerprintTests(SelfTestLab lab)
{
    private const string Host = "h1";
    private const string Probe = "/etc/hactl-fingerprint-probe";

    [Fact]
    public async Task Sees_no_change_when_nothing_was_written_and_every_kind_of_write_when_one_was()
    {
        await ExecAsync("printf aaaa > \"$1\"", Probe);
        try
        {
            var written = await HostFingerprint.TakeAllAsync(lab, Host);
            HostFingerprint.Changes(written, await HostFingerprint.TakeAllAsync(lab, Host)).Should().BeEmpty("nothing was written in between");

            // Same size, and the modification time put back as touch -r (or cp -p) would: only the change time tells.
            await ExecAsync("touch -r \"$1\" \"$1.time\" && printf bbbb > \"$1\" && touch -r \"$1.time\" \"$1\" && rm -f \"$1.time\"", Probe);
            var rewritten = await HostFingerprint.TakeAllAsync(lab, Host);
            HostFingerprint.Changes(written, rewritten).Should().ContainSingle(c => c.StartsWith($"{Host} {Probe}:", StringComparison.Ordinal));

            await ExecAsync("chmod 600 \"$1\"", Probe);
            HostFingerprint.Changes(rewritten, await HostFingerprint.TakeAllAsync(lab, Host)).Should().ContainSingle()
                .Which.Should().Contain(Probe).And.Contain(" 600 ");
        }
        finally
        {
            await ExecAsync("rm -f \"$1\" \"$1.time\"", Probe);
        }
    }

    private async Task ExecAsync(string script, string path) =>
        (await lab.ExecAsync(Host, "sh", "-c", script, "sh", path)).ThrowIfFailed();
}
