using HaCluster.Backup;

namespace HaCluster.Tests.Backup;

/// <summary>Where `hactl backup` writes: the default name, --out as a file or a directory, and never over an existing file.</summary>
public sealed class BackupDestinationTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 13, 4, 5, TimeSpan.FromHours(1));

    private readonly string cwd = Archives.TempDirectory();

    public void Dispose() => Directory.Delete(cwd, recursive: true);

    [Fact]
    public void The_default_name_is_the_cluster_and_the_UTC_time()
    {
        BackupDestination.DefaultName("prod", Noon).Should().Be("prod-20261122T120405Z.tar.gz");
    }

    [Fact]
    public void Without_out_it_goes_to_the_current_directory()
    {
        Resolve(null).Should().Be(Path.Combine(cwd, "prod-20261122T120405Z.tar.gz"));
    }

    [Fact]
    public void An_existing_directory_gets_the_default_name()
    {
        Directory.CreateDirectory(Path.Combine(cwd, "backups"));

        Resolve("backups").Should().Be(Path.Combine(cwd, "backups", "prod-20261122T120405Z.tar.gz"));
        Resolve("backups/").Should().Be(Path.Combine(cwd, "backups", "prod-20261122T120405Z.tar.gz"));
    }

    [Fact]
    public void A_new_file_is_taken_as_named_relative_to_the_current_directory()
    {
        Resolve("nightly.tar.gz").Should().Be(Path.Combine(cwd, "nightly.tar.gz"));
        Resolve(Path.Combine(cwd, "abs.tgz")).Should().Be(Path.Combine(cwd, "abs.tgz"));
    }

    [Fact]
    public void An_existing_file_is_refused_and_left_alone()
    {
        var existing = Path.Combine(cwd, "nightly.tar.gz");
        File.WriteAllText(existing, "the only good copy");

        var (destination, error) = BackupDestination.Resolve("nightly.tar.gz", "prod", Noon, cwd);

        destination.Should().BeNull();
        error.Should().Be($"{existing} already exists; hactl never overwrites a backup: move it away or name another file with --out");
        File.ReadAllText(existing).Should().Be("the only good copy");
    }

    [Fact]
    public void The_default_name_already_taken_in_the_directory_is_refused_too()
    {
        File.WriteAllText(Path.Combine(cwd, "prod-20261122T120405Z.tar.gz"), "");

        BackupDestination.Resolve(null, "prod", Noon, cwd).Error.Should().Contain("already exists");
    }

    [Fact]
    public void A_file_in_a_missing_directory_is_refused_naming_the_directory()
    {
        BackupDestination.Resolve("nowhere/b.tar.gz", "prod", Noon, cwd).Error
            .Should().Be($"--out nowhere/b.tar.gz: the directory {Path.Combine(cwd, "nowhere")} does not exist");
        BackupDestination.Resolve("nowhere/", "prod", Noon, cwd).Error.Should().Be("--out nowhere/: no such directory");
    }

    private string? Resolve(string? output)
    {
        var (destination, error) = BackupDestination.Resolve(output, "prod", Noon, cwd);
        error.Should().BeNull();
        return destination!.Path;
    }
}
