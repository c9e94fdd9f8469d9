using HaCluster.Rendering;

namespace HaCluster.Tests.Rendering;

public sealed class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(Topologies.Names), MemberType = typeof(Topologies))]
    public void Rendered_files_match_the_golden_files_byte_for_byte(string topology)
    {
        var rendered = ClusterRenderer.RenderAll(Topologies.All[topology])
            .ToDictionary(f => Path.Combine(f.Host.Name, f.Path.TrimStart('/')), f => f.Content);
        var dir = GoldenFiles.Directory(topology);
        if (GoldenFiles.Updating)
        {
            Rewrite(dir, rendered);
        }

        var golden = System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(dir, path), File.ReadAllText);

        rendered.Keys.Should().BeEquivalentTo(golden.Keys, "every rendered file has a golden file and no golden file is stale");
        foreach (var (path, content) in rendered)
        {
            content.Should().Be(golden[path], $"{topology}/{path} should match its golden file (UPDATE_GOLDEN=1 rewrites them)");
        }
    }

    [Theory]
    [MemberData(nameof(Topologies.Names), MemberType = typeof(Topologies))]
    public void Rendering_twice_gives_identical_output(string topology)
    {
        var first = ClusterRenderer.RenderAll(Topologies.All[topology]);
        var second = ClusterRenderer.RenderAll(Topologies.All[topology]);

        second.Select(f => (f.Host.Name, f.Path, f.Content, f.Mode))
            .Should().Equal(first.Select(f => (f.Host.Name, f.Path, f.Content, f.Mode)));
    }

    private static void Rewrite(string dir, IReadOnlyDictionary<string, string> rendered)
    {
        if (System.IO.Directory.Exists(dir))
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }

        foreach (var (path, content) in rendered)
        {
            var file = Path.Combine(dir, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }
    }
}
