using HaCluster.Cli.Commands;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Tests.Cli;

/// <summary>`hactl backup` before it contacts any host, and the lines it closes a text run with.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hactl-backup-cli-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Backup_is_listed_in_help_with_its_options()
    {
        Hactl.Run(["--help"]).Out.Should().Contain("  backup ");
        Hactl.Run(["backup", "--help"]).Out.Should().Contain("--out").And.Contain("--output").And.Contain("--known-hosts").And.Contain("--timeout");
    }

    [Fact]
    public void An_existing_out_file_exits_2_before_any_host_is_contacted_and_stays_as_it_was()
    {
        var existing = Path.Combine(dir, "prod.tar.gz");
        File.WriteAllText(existing, "an older backup");
        var environment = Hactl.Environment(("VRRP_PASS", "s3cret"));
        var config = Hactl.Run(["init"], environment: environment).Out;

        var result = Hactl.Run(["backup", "--config", "-", "--out", existing, "--log-file", Path.Combine(dir, "backup.log")], config, environment);

        result.ExitCode.Should().Be(2, result.Error);
        result.Error.Should().Contain($"error: {existing} already exists; hactl never overwrites a backup").And.Contain("nothing was contacted");
        File.ReadAllText(existing).Should().Be("an older backup");
    }

    [Fact]
    public void An_invalid_config_exits_2()
    {
        Hactl.Run(["backup", "--config", "-"], "apiVersion: hactl.dev/v1beta1\nkind: Cluster\nspec: {}\n").ExitCode.Should().Be(2);
    }

    [Fact]
    public void The_summary_names_the_file_its_size_and_the_host_and_nothing_of_its_content()
    {
        var outcome = new RunOutcome<TakenBackup>(RunStatus.Succeeded, 0, null, new TakenBackup("/backups/prod-20261122T120000Z.tar.gz", 3_500_000, "c2"));

        BackupCommand.Summary(outcome).Should().Be(
            "Backup written to /backups/prod-20261122T120000Z.tar.gz (3.3 MiB, 3500000 bytes, mode 0600), taken on c2. It holds the cluster's CA keys: keep it private.");
        BackupCommand.Summary(new RunOutcome<TakenBackup>(RunStatus.Failed, 0, new HostException("c1", "x"), null)).Should().Be("Backup failed: nothing was written.");
    }

    [Theory]
    [InlineData(1, "1 byte")]
    [InlineData(900, "900 bytes")]
    [InlineData(2048, "2.0 KiB, 2048 bytes")]
    public void Sizes_read_as_people_do(long bytes, string text)
    {
        BackupCommand.Size(bytes).Should().Be(text);
    }
}
