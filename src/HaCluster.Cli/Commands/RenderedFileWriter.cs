using System.Text;
using HaCluster.Rendering;

namespace HaCluster.Cli.Commands;

/// <summary>Writes rendered files under a local directory, each with the mode it will have on the host.</summary>
internal static class RenderedFileWriter
{
    public static IReadOnlyList<(RenderedFile File, byte[] Bytes)> WriteAll(IReadOnlyList<RenderedFile> files, string directory)
    {
        var root = Path.GetFullPath(directory);
        var written = new List<(RenderedFile, byte[])>();
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(root, file.Host.Name, file.Path.TrimStart('/')));
            // A path is the renderer's, not the user's, but a "../" in it must still not escape the directory.
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"rendered path {file.Path} for {file.Host.Name} leaves {root}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(file.Content);
            // A file from an earlier render may be read-only (mode 0400); replace it rather than write into it.
            File.Delete(target);
            File.WriteAllBytes(target, bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32(file.Mode, 8));
            }
            written.Add((file, bytes));
        }
        return written;
    }
}
