namespace K0sStandIn.Hosting;

/// <summary>
/// An exclusive lock file held by the running controller or worker service, so other commands (reset) can tell
/// that k0s is running. .NET takes an advisory flock for FileShare.None; it goes away with the process.
/// </summary>
internal sealed class ProcessLock : IDisposable
{
    private readonly FileStream _file;

    private ProcessLock(FileStream file) => _file = file;

    public static ProcessLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId + "\n");
            file.Write(pid);
            file.Flush();
            return new ProcessLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether some process holds the lock.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var probe = TryAcquire(path);
        return probe is null;
    }

    public void Dispose() => _file.Dispose();
}
