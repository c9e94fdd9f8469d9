using System.IO.Compression;
using System.Text;

namespace HaCluster.Tests.Fakes;

/// <summary>Join tokens as k0s makes them: base64 of a gzipped kubeconfig whose user holds the bootstrap token.</summary>
internal static class JoinTokenText
{
    public static string Encode(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>A token whose bootstrap token ID is <paramref name="id"/> (six characters).</summary>
    public static string WithId(string id) => Encode($"users:\n- name: bootstrap\n  user:\n    token: {id}.0123456789abcdef\n");
}
