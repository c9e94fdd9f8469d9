namespace HaCluster.EndToEnd.Lab;

internal static class RepositoryRoot
{
    /// <summary>The nearest directory above the test binaries that holds HaCluster.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HaCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new LabException($"no HaCluster.sln above {AppContext.BaseDirectory}");
    }
}
