using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// k0s backup and k0s restore on a running cluster, and the whole recovery: every controller wiped, the backup
/// restored on the one at the archived peerAddress, the others joined again. Each test leaves the cluster as it was.
/// </summary>
public sealed partial class BackupRestoreTests(BackupCluster cluster) : IClassFixture<BackupCluster>
{
    private const string DataDir = "/var/lib/k0s";
    private const string EtcdAlreadyThere = "Error: failed to restore on step `etcd`: data-dir \"/var/lib/k0s/etcd\" not empty or could not be read\n";

    [Fact]
    public async Task Backup_on_a_running_controller_writes_the_contract_entries_in_order_and_a_valid_snapshot()
    {
        var controller = cluster.First;
        // manifests/ and helmhome/ as k0s would have them: a nested directory and the helm repositories file.
        (await controller.ExecAsync("sh", "-c",
            $"mkdir -p {DataDir}/manifests/extra {DataDir}/helmhome && echo a > {DataDir}/manifests/extra/a.yaml && echo repos > {DataDir}/helmhome/repositories.yaml"))
            .ThrowIfFailed();
        try
        {
            (await controller.ExecAsync("sh", "-c", "rm -rf /root/backups && mkdir /root/backups")).ThrowIfFailed();

            var result = await controller.K0sAsync("backup", "--save-path", "/root/backups", "-v");

            result.ExitCode.Should().Be(0, result.StdErr);
            result.StdOut.Should().BeEmpty();
            var name = (await controller.ExecAsync("ls", "/root/backups")).StdOut.Trim();
            name.Should().MatchRegex(@"^k0s_backup_\d{4}-\d\d-\d\dT\d\d_\d\d_\d\d_000Z\.tar\.gz$");
            (await controller.ExecAsync("stat", "-c", "%a", $"/root/backups/{name}")).StdOut.Trim().Should().Be("644");
            Messages(result.StdErr).Should().Equal(
                $"adding `{DataDir}/pki` path to the backup archive",
                $"adding `{DataDir}/manifests` path to the backup archive",
                $"adding `{DataDir}/images` path to the backup archive",
                $"adding `{DataDir}/helmhome` path to the backup archive",
                $"adding `{DataDir}/helmhome/repositories.yaml` path to the backup archive",
                "Starting backup",
                "Backup step: etcd",
                $"Backup step: filesystem path `{DataDir}/pki`",
                $"Backup step: filesystem path `{DataDir}/manifests`",
                $"Backup step: filesystem path `{DataDir}/images`",
                $"Backup step: filesystem path `{DataDir}/helmhome`",
                $"Backup step: filesystem path `{DataDir}/helmhome/repositories.yaml`",
                "Backup step: k0s-config",
                $"archive /root/backups/{name} created successfully");

            var entries = BackupCluster.Entries(await BackupCluster.ReadBytesAsync(controller, $"/root/backups/{name}"));
            var pki = await WalkAsync(controller, "pki");
            pki.Should().Contain(["pki", "pki/ca.crt", "pki/ca.key", "pki/sa.key", "pki/sa.pub", "pki/etcd", "pki/etcd/ca.crt", "pki/apiserver-etcd-client.crt"]);
            entries.Select(e => e.Name).Should().Equal(
            [
                "etcd-snapshot.db",
                .. pki,
                "manifests", "manifests/extra", "manifests/extra/a.yaml",
                "helmhome", "helmhome/repositories.yaml",
                "helmhome/repositories.yaml",
                "k0s.yaml",
            ]);
            entries.Where(e => e.Type == TarEntryType.Directory).Select(e => e.Name)
                .Should().Equal("pki", "pki/etcd", "manifests", "manifests/extra", "helmhome");
            Encoding.UTF8.GetString(entries[^1].Content).Should().Be(cluster.K0sYamlFor(controller));
            await SnapshotStatusShouldAcceptAsync(entries[0].Content);
        }
        finally
        {
            (await controller.ExecAsync("rm", "-rf", $"{DataDir}/manifests", $"{DataDir}/helmhome", "/root/backups")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Backup_to_save_path_dash_streams_the_archive_to_stdout_and_writes_no_file()
    {
        var controller = cluster.Controllers[1];
        (await controller.ExecAsync("sh", "-c", "rm -rf /root/stream && mkdir /root/stream")).ThrowIfFailed();

        var result = await controller.ExecAsync("bash", "-c",
            "set -o pipefail; cd /root/stream && /usr/local/bin/k0s backup --save-path - | base64 -w0");

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdErr.Should().BeEmpty();
        var entries = BackupCluster.Entries(Convert.FromBase64String(result.StdOut));
        entries[0].Name.Should().Be("etcd-snapshot.db");
        entries[^1].Name.Should().Be("k0s.yaml");
        entries.Select(e => e.Name).Should().Contain("pki/ca.crt");
        (await controller.ExecAsync("ls", "-A", "/root/stream")).StdOut.Should().BeEmpty();
        (await controller.ExecAsync("sh", "-c", "ls -d /tmp/k0s-backup* 2>/dev/null")).StdOut.Should().BeEmpty("the temp dir is removed");
        await SnapshotStatusShouldAcceptAsync(entries[0].Content);
    }

    [Fact]
    public async Task Backup_without_etc_k0s_k0s_yaml_fails_when_the_archive_is_written()
    {
        var controller = cluster.Controllers[1];
        (await controller.ExecAsync("mv", ClusterSteps.ConfigPath, ClusterSteps.ConfigPath + ".aside")).ThrowIfFailed();
        try
        {
            var result = await controller.K0sAsync("backup", "--save-path=/tmp");

            result.ExitCode.Should().Be(1);
            result.StdErr.Should().MatchRegex(
                "^Error: failed to create archive `k0s_backup_[0-9T_-]+_000Z\\.tar\\.gz`: error creating archive: failed to add file to backup archive: " +
                "failed to open file: open /etc/k0s/k0s.yaml: no such file or directory\n$");
            (await controller.ExecAsync("sh", "-c", "ls /tmp/k0s_backup_* /tmp/k0s-backup* 2>/dev/null")).StdOut.Should().BeEmpty();
        }
        finally
        {
            (await controller.ExecAsync("mv", ClusterSteps.ConfigPath + ".aside", ClusterSteps.ConfigPath)).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Backup_on_a_worker_is_refused_with_the_role()
    {
        var result = await cluster.Worker.K0sAsync("backup", "--save-path=/tmp");

        result.ExitCode.Should().Be(1);
        result.StdOut.Should().BeEmpty();
        result.StdErr.Should().Be("Error: backup command must be run on the controller node, have `worker`\n");
    }

    [Fact]
    public async Task Restore_while_k0s_runs_is_fatal_before_the_file_is_even_looked_at()
    {
        var result = await cluster.First.K0sAsync("restore", "/root/no-such-backup.tar.gz");

        result.ExitCode.Should().Be(1);
        result.StdOut.Should().BeEmpty();
        result.StdErr.Should().MatchRegex(
            "^time=\"[^\"]+\" level=fatal msg=\"k0s seems to be running! k0s must be down during the restore operation.\"\n$");
    }

    [Fact]
    public async Task Restore_into_a_data_dir_whose_etcd_exists_is_refused_with_etcdutl_wording()
    {
        var archive = await BackupCluster.BackupAsync(cluster.First, "/root/refused");
        var stopped = cluster.Controllers[2];
        await cluster.WriteBytesAsync(stopped, "/root/refused/k0s_backup.tar.gz", await BackupCluster.ReadBytesAsync(cluster.First, archive));
        var caBefore = await stopped.ReadFileAsync($"{DataDir}/pki/ca.crt");
        await stopped.SystemctlAsync("stop", "k0scontroller");
        try
        {
            var result = await stopped.ExecAsync("sh", "-c", "cd /root/refused && /usr/local/bin/k0s restore k0s_backup.tar.gz");

            result.ExitCode.Should().Be(1);
            result.StdErr.Should().Be(EtcdAlreadyThere);
            (await stopped.ReadFileAsync($"{DataDir}/pki/ca.crt")).Should().Be(caBefore);
            (await stopped.ExistsAsync("/root/refused/k0s_k0s_backup.yaml")).Should().BeFalse("the config step comes after etcd");
        }
        finally
        {
            await stopped.SystemctlAsync("start", "k0scontroller");
            await ClusterSteps.WaitReadyAsync(stopped);
            (await cluster.First.ExecAsync("rm", "-rf", "/root/refused")).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Restore_on_a_wiped_host_writes_the_data_dir_and_the_config_to_stdout_or_the_default_file()
    {
        var archive = await BackupCluster.BackupAsync(cluster.First, "/root/wiped");
        var bytes = await BackupCluster.ReadBytesAsync(cluster.First, archive);
        var host = cluster.Controllers[2];
        await host.SystemctlAsync("stop", "k0scontroller");
        (await cluster.First.K0sWithin(TimeSpan.FromSeconds(30), "etcd", "leave", $"--peer-address={host.Address}")).ThrowIfFailed();
        try
        {
            (await host.K0sAsync("reset")).ThrowIfFailed();
            await cluster.WriteBytesAsync(host, "/root/wiped/k0s_backup_2021-04-26T19_51_57_000Z.tar.gz", bytes);

            var fromStdin = await host.ExecAsync("sh", "-c", "cd /root/wiped && /usr/local/bin/k0s restore - < k0s_backup_2021-04-26T19_51_57_000Z.tar.gz");

            fromStdin.ExitCode.Should().Be(0, fromStdin.StdErr);
            fromStdin.StdErr.Should().BeEmpty();
            fromStdin.StdOut.Should().Be(cluster.K0sYamlFor(cluster.First));
            (await host.ExistsAsync($"{DataDir}/etcd/member/snap/db")).Should().BeTrue();
            (await host.ReadFileAsync($"{DataDir}/pki/ca.crt")).Should().Be(await cluster.First.ReadFileAsync($"{DataDir}/pki/ca.crt"));
            (await host.ExecAsync("ls", "-A", "/root/wiped")).StdOut.Trim().Should().Be("k0s_backup_2021-04-26T19_51_57_000Z.tar.gz");

            (await host.K0sAsync("reset")).ThrowIfFailed();
            var fromFile = await host.ExecAsync("sh", "-c", "cd /root/wiped && /usr/local/bin/k0s restore -v k0s_backup_2021-04-26T19_51_57_000Z.tar.gz");

            fromFile.ExitCode.Should().Be(0, fromFile.StdErr);
            fromFile.StdOut.Should().BeEmpty();
            var written = "/root/wiped/k0s_2021-04-26T19_51_57_000Z.yaml";
            (await host.ReadFileAsync(written)).Should().Be(cluster.K0sYamlFor(cluster.First));
            var messages = Messages(fromFile.StdErr);
            messages.Take(3).Should().Equal("Starting restore", "Restore step: etcd", $"Restore step: filesystem path `{DataDir}/pki`");
            messages[3].Should().MatchRegex($"^restoring from `/tmp/k0s-backup[^/]+/pki` to `{DataDir}`$");
            messages.Skip(4).Take(5).Should().Equal(
                $"Restore step: filesystem path `{DataDir}/manifests`",
                $"Restore step: filesystem path `{DataDir}/images`",
                $"Restore step: filesystem path `{DataDir}/helmhome`",
                $"Restore step: filesystem path `{DataDir}/helmhome/repositories.yaml`",
                "Restore step: k0s-config");
            messages[9].Should().MatchRegex($"^restoring from `/tmp/k0s-backup[^/]+/k0s.yaml` to `{Regex.Escape(written)}`$");
            (await host.ExecAsync("sh", "-c", "ls -d /tmp/k0s-backup* 2>/dev/null")).StdOut.Should().BeEmpty("the temp dir is removed");
        }
        finally
        {
            (await host.K0sAsync("reset")).ThrowIfFailed();
            (await host.ExecAsync("rm", "-rf", "/root/wiped")).ThrowIfFailed();
            (await cluster.First.ExecAsync("rm", "-rf", "/root/wiped")).ThrowIfFailed();
            await ClusterSteps.JoinControllerAsync(cluster.First, host, cluster.K0sYamlFor(host));
        }
    }

    [Fact]
    public async Task A_cluster_restored_on_one_wiped_controller_keeps_its_CA_objects_and_tokens_and_the_others_join_it_again()
    {
        var first = cluster.First;
        var node = cluster.Worker.Name;
        (await first.K0sAsync("kubectl", "label", "node", node, "hactl.test/backup=before", "--overwrite")).ThrowIfFailed();
        var uid = await NodeUidAsync(first, node, null);
        (await first.ExecAsync("sh", "-c", "/usr/local/bin/k0s kubeconfig admin > /root/admin-before.conf")).ThrowIfFailed();
        var tokenBefore = TokenId(await ClusterSteps.CreateTokenAsync(first, "worker"));
        var archive = await BackupCluster.BackupAsync(first, "/root/story");
        var tokenAfter = TokenId(await ClusterSteps.CreateTokenAsync(first, "worker"));
        (await first.K0sAsync("kubectl", "label", "node", node, "hactl.test/backup=after", "--overwrite")).ThrowIfFailed();

        // Every controller down and wiped; /etc/k0s and the backup stay.
        foreach (var controller in cluster.Controllers)
        {
            await ClusterSteps.StopAndResetAsync(controller, "k0scontroller");
        }

        var restore = await first.K0sAsync("restore", "--config-out=/etc/k0s/k0s.yaml", archive);
        restore.ExitCode.Should().Be(0, restore.StdErr);
        restore.StdErr.Should().BeEmpty();
        (await first.K0sAsync("install", "controller", $"--config={ClusterSteps.ConfigPath}")).ThrowIfFailed();
        await first.SystemctlAsync("start", "k0scontroller");
        await ClusterSteps.WaitReadyAsync(first);

        (await ClusterSteps.MembersAsync(first)).Should().Equal(new Dictionary<string, string> { [first.Name] = $"https://{first.Address}:2380" });
        (await NodeUidAsync(first, node, "/root/admin-before.conf")).Should().Be(uid, "the admin kubeconfig from before the backup still authenticates, and the node kept its UID");
        var labels = await NodeLabelAsync(first, node);
        labels.Should().Be("before", "the label written after the backup is lost");
        var tokens = (await first.K0sAsync("token", "list")).ThrowIfFailed().StdOut;
        tokens.Should().Contain(tokenBefore + "\t").And.NotContain(tokenAfter + "\t");
        await ClusterSteps.WaitNodeReadyAsync(first, node);

        await ClusterSteps.JoinControllerAsync(first, cluster.Controllers[1], cluster.K0sYamlFor(cluster.Controllers[1]));
        (await ClusterSteps.MembersAsync(first)).Keys.Should().BeEquivalentTo(first.Name, cluster.Controllers[1].Name);
        await ClusterSteps.JoinControllerAsync(first, cluster.Controllers[2], cluster.K0sYamlFor(cluster.Controllers[2]));
        (await ClusterSteps.MembersAsync(cluster.Controllers[2])).Keys.Should().BeEquivalentTo(cluster.Controllers.Select(c => c.Name));
        (await first.ExecAsync("rm", "-rf", "/root/story", "/root/admin-before.conf")).ThrowIfFailed();
    }

    private static async Task<string?> NodeUidAsync(K0sHost controller, string node, string? kubeconfig)
    {
        var result = kubeconfig is null
            ? await controller.K0sAsync("kubectl", "get", "node", node, "-o", "json")
            : await controller.ExecAsync("kubectl", "--kubeconfig", kubeconfig, "get", "node", node, "-o", "json");
        result.ThrowIfFailed();
        return JsonNode.Parse(result.StdOut)!["metadata"]!["uid"]!.GetValue<string>();
    }

    private static async Task<string?> NodeLabelAsync(K0sHost controller, string node)
    {
        var result = (await controller.K0sAsync("kubectl", "get", "node", node, "-o", "json")).ThrowIfFailed();
        return JsonNode.Parse(result.StdOut)!["metadata"]!["labels"]!["hactl.test/backup"]?.GetValue<string>();
    }

    private static string TokenId(string token) => JoinTokenFormat.Decode(token).Token.Split('.')[0];

    /// <summary>The paths under the data dir that filepath.Walk visits from <paramref name="top"/>, in its order.</summary>
    private static async Task<IReadOnlyList<string>> WalkAsync(K0sHost host, string top)
    {
        var found = (await host.ExecAsync("sh", "-c", $"cd {DataDir} && find {top}")).ThrowIfFailed().StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. found.Order(Comparer<string>.Create((a, b) => ComparePaths(a.Split('/'), b.Split('/'))))];
    }

    // Lexical by path element: what a depth-first walk that reads each directory sorted visits first.
    private static int ComparePaths(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static async Task SnapshotStatusShouldAcceptAsync(byte[] snapshot)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("k0s-snapshot-").FullName, "etcd-snapshot.db");
        try
        {
            await File.WriteAllBytesAsync(file, snapshot);
            var status = await ProcessRunner.RunAsync("/usr/bin/etcdctl", ["snapshot", "status", file, "-w", "json"], TimeSpan.FromSeconds(30));
            status.ExitCode.Should().Be(0, status.StdErr);
            JsonNode.Parse(status.StdOut)!["totalKey"]!.GetValue<long>().Should().BePositive();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static List<string> Messages(string stderr) =>
        [.. LogMessage().Matches(stderr).Select(m => Regex.Unescape(m.Groups[1].Value))];

    [GeneratedRegex("level=info msg=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LogMessage();
}
