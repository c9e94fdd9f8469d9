namespace HaCluster.Cli.Commands;

/// <summary>Writes a file only its owner can read (a kubeconfig holds a client key): created 0600, then renamed into place.</summary>
internal static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var temp = $"{full}.hactl-{Environment.ProcessId}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Windows has no modes: a file in the user's profile is the user's own there.
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
