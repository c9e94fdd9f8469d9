using System.Text.Json;

namespace HaCluster.EndToEnd.Operations;

/// <summary>
/// `hactl backup` on a CPLB lab of 3 controllers: the checks of <see cref="BackupScenario"/>'s story, told on the
/// restore tests' lab before the restore story (<see cref="CplbThenRestore"/>).
/// </summary>
[Collection(CplbThenRestore.Name)]
public sealed class BackupTests(RestoreScenario shared)
{
    private static readonly string[] Required = ["etcd-snapshot.db", "pki/ca.crt", "k0s.yaml"];

    private readonly BackupScenario lab = shared.Backup;

    [Fact]
    public async Task A_backup_into_a_directory_writes_one_0600_archive_named_after_the_cluster_with_the_three_entries()
    {
        var story = await lab.Story;

        story.JsonBackup.ExitCode.Should().Be(0, story.JsonBackup.ToString());
        story.FilesAfterJsonBackup.Should().ContainSingle("no temp file is left beside the archive")
            .Which.Should().MatchRegex(@"^[a-z0-9.-]+-\d{8}T\d{6}Z\.tar\.gz$");
        var file = story.JsonBackupFile!;
        file.Mode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        file.Entries.Should().Contain(Required);
    }

    [Fact]
    public async Task The_archives_etcd_snapshot_is_accepted_by_etcdctl_snapshot_status()
    {
        var story = await lab.Story;

        story.JsonBackupFile!.SnapshotStatus.ExitCode.Should().Be(0, story.JsonBackupFile.SnapshotStatus.ToString());
        using var status = JsonDocument.Parse(story.JsonBackupFile.SnapshotStatus.StdOut);
        status.RootElement.GetProperty("totalKey").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task The_json_events_run_from_started_to_finished_ok_and_name_the_file_but_hold_no_key_or_password()
    {
        var story = await lab.Story;

        var events = story.JsonBackup.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        events[0].GetProperty("event").GetString().Should().Be("run.started");
        events[^1].GetProperty("event").GetString().Should().Be("run.finished");
        events[^1].GetProperty("status").GetString().Should().Be("ok");
        events.Should().Contain(e => e.GetProperty("event").GetString() == "info"
            && e.GetProperty("message").GetString()!.Contains(story.JsonBackupFile!.Path, StringComparison.Ordinal));
        story.AuthPass.Should().NotBeEmpty();
        foreach (var text in new[] { story.JsonBackup.StdOut, story.JsonBackup.StdErr, story.JsonBackupLog })
        {
            text.Should().NotContain("BEGIN").And.NotContain("PRIVATE KEY").And.NotContain(story.AuthPass);
        }
    }

    [Fact]
    public async Task With_the_first_controller_stopped_the_backup_is_taken_on_another_and_says_why()
    {
        var story = await lab.Story;

        story.BackupWithH1Stopped.ExitCode.Should().Be(0, story.BackupWithH1Stopped.ToString());
        story.BackupWithH1Stopped.StdOut.Should().Contain("not used for the backup: k0s is not running")
            .And.Contain("Backup written to");
        story.BackupWithH1Stopped.StdOut.Should().ContainAny($"taken on {lab.Host("h2").Address}.", $"taken on {lab.Host("h3").Address}.");
        var file = story.FileWithH1Stopped!;
        file.Mode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        file.Entries.Should().Contain(Required);
        file.SnapshotStatus.ExitCode.Should().Be(0, file.SnapshotStatus.ToString());
    }

    [Fact]
    public async Task A_backup_onto_an_existing_file_exits_2_and_leaves_it_untouched()
    {
        var story = await lab.Story;

        story.BackupOntoExistingFile.ExitCode.Should().Be(2, story.BackupOntoExistingFile.ToString());
        story.BackupOntoExistingFile.StdErr.Should().Contain("already exists").And.Contain("nothing was contacted");
        story.ExistingBefore.Should().NotBeEmpty();
        story.ExistingAfter.Should().Equal(story.ExistingBefore);
    }

    [Fact]
    public async Task Without_etcd_quorum_no_controller_is_healthy_the_run_fails_with_exit_1_and_writes_nothing()
    {
        var story = await lab.Story;

        story.BackupWithoutQuorum.ExitCode.Should().Be(1, story.BackupWithoutQuorum.ToString());
        story.BackupWithoutQuorum.StdOut.Should().Contain("no healthy running controller to take the backup on")
            .And.Contain("Backup failed: nothing was written.");
        story.FilesAfterBackupWithoutQuorum.Should().BeEmpty();
    }
}
