using System.Security.Cryptography;
using HaCluster.Rendering;

namespace HaCluster.Cli.Commands;

/// <summary>One line per rendered file: host, path, mode, size and a sha256 prefix to compare runs by.</summary>
internal static class RenderSummary
{
    private const int HashPrefixLength = 12;

    public static void Print(IReadOnlyList<(RenderedFile File, byte[] Bytes)> files, TextWriter output)
    {
        var rows = files.Select(f => new[]
        {
            f.File.Host.Name,
            f.File.Path,
            f.File.Mode,
            f.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(SHA256.HashData(f.Bytes))[..HashPrefixLength],
        }).Prepend(["HOST", "PATH", "MODE", "BYTES", "SHA256"]).ToList();
        var widths = Enumerable.Range(0, 5).Select(column => rows.Max(r => r[column].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
        output.WriteLine($"{files.Count} files for {files.Select(f => f.File.Host.Name).Distinct().Count()} hosts");
    }
}
