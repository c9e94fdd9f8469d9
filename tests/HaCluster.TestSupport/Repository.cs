namespace HaCluster.TestSupport;

/// <summary>The repository checkout the tests run from: the nearest directory above the test binaries that holds HaCluster.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaCluster.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"HaCluster.sln not found above {AppContext.BaseDirectory}");
    }
}
