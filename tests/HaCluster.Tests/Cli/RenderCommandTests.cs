using System.Security.Cryptography;
using HaCluster.Tests.Spec;

namespace HaCluster.Tests.Cli;

/// <summary>'hactl render' writes what apply would write, and prints no secret while doing so.</summary>
public sealed class RenderCommandTests : IDisposable
{
    // A character uncommon in passwords yet allowed in keepalived.conf ('!' is not: see BrokenConfigs).
    private const string Password = "pw-7x%q";
    private readonly string directory = Directory.CreateTempSubdirectory("hactl-render-").FullName;

    private static string Config => SpecTexts.HaproxyKeepalived.Replace("authPass: pass1234", $"authPass: \"{Password}\"", StringComparison.Ordinal);

    private Hactl.Result Render(string output) => Hactl.Run(["render", "--config", "-", "--out", Path.Combine(directory, output)], Config);

    private static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Render_writes_each_host_files_under_its_name()
    {
        var result = Render("out");

        result.ExitCode.Should().Be(0, result.Error);
        var files = Files(Path.Combine(directory, "out")).Keys.ToList();
        foreach (var lb in new[] { "10.0.0.5", "10.0.0.6" })
        {
            files.Should().Contain(f => f.StartsWith(lb + "/", StringComparison.Ordinal) && f.EndsWith("haproxy.cfg", StringComparison.Ordinal));
            files.Should().Contain(f => f.StartsWith(lb + "/", StringComparison.Ordinal) && f.EndsWith("keepalived.conf", StringComparison.Ordinal));
        }
        foreach (var controller in new[] { "cp-1", "cp-2", "cp-3" })
        {
            files.Should().Contain(f => f.StartsWith(controller + "/", StringComparison.Ordinal) && f.EndsWith("k0s.yaml", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Render_prints_one_summary_line_per_file_without_secrets()
    {
        var result = Render("out");

        var fileCount = Files(Path.Combine(directory, "out")).Count;
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^HOST\s+PATH\s+MODE\s+BYTES\s+SHA256$");
        lines.Skip(1).SkipLast(1).Should().HaveCount(fileCount).And.AllSatisfy(l => l.Should().MatchRegex(@"^\S+\s+/\S+\s+0[0-7]{3}\s+\d+\s+[0-9a-f]{12}$"));
        lines[^1].Should().Be($"{fileCount} files for 5 hosts");
        (result.Out + result.Error).Should().NotContain(Password);
    }

    [Fact]
    public void Rendering_twice_gives_identical_files()
    {
        Render("first").ExitCode.Should().Be(0);
        Render("second").ExitCode.Should().Be(0);

        Files(Path.Combine(directory, "second")).Should().Equal(Files(Path.Combine(directory, "first")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Files_keep_the_mode_they_get_on_the_host()
    {
        var result = Render("out");

        result.ExitCode.Should().Be(0, result.Error);
        var fileLines = result.Out.Split('\n').Skip(1).Where(l => l.Contains(" /", StringComparison.Ordinal)).ToList();
        fileLines.Should().NotBeEmpty();
        foreach (var line in fileLines)
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = Path.Combine(directory, "out", columns[0], columns[1].TrimStart('/'));
            File.GetUnixFileMode(path).Should().Be((UnixFileMode)Convert.ToInt32(columns[2], 8), path);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
