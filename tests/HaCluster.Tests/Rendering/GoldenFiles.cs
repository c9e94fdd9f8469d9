namespace HaCluster.Tests.Rendering;

/// <summary>
/// Golden files live in the source tree (golden/&lt;topology&gt;/&lt;host&gt;/&lt;path&gt;), found by walking up from the
/// test binaries to the project folder. UPDATE_GOLDEN=1 rewrites them instead of comparing.
/// </summary>
internal static class GoldenFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static string Directory(string topology) => Path.Combine(Root, topology);

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaCluster.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "Rendering", "golden");
            }
        }

        throw new InvalidOperationException($"HaCluster.Tests.csproj not found above {AppContext.BaseDirectory}");
    }
}
