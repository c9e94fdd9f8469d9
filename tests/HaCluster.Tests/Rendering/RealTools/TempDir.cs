using System.Runtime.Versioning;

namespace HaCluster.Tests.Rendering.RealTools;

/// <summary>A private (0700) temporary directory, removed on dispose.</summary>
[SupportedOSPlatform("linux")]
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hactl-render-").FullName;

    public string Write(string name, string content, UnixFileMode mode)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        File.SetUnixFileMode(file, mode);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class Modes
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode Script = File | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    public const UnixFileMode WorldWritableScript = Script | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
}
