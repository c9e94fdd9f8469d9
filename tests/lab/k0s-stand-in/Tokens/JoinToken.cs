using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace K0sStandIn.Tokens;

/// <summary>A bootstrap token <c>id.secret</c> (6 and 16 characters of [a-z0-9]); the ID is public, the secret is not.</summary>
internal sealed partial record JoinToken(string Id, string Secret)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static JoinToken Generate() => new(Random(6), Random(16));

    public static bool TryParse(string? text, out JoinToken token)
    {
        var match = Format().Match(text ?? "");
        token = match.Success ? new JoinToken(match.Groups[1].Value, match.Groups[2].Value) : new JoinToken("", "");
        return match.Success;
    }

    public override string ToString() => $"{Id}.{Secret}";

    /// <summary>k0s's join token: standard base64 of the gzip of a kubeconfig.</summary>
    public static string Encode(string kubeconfig)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(kubeconfig));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    public static string Decode(string encoded)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(encoded.Trim())), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    [GeneratedRegex("^([a-z0-9]{6})\\.([a-z0-9]{16})$")]
    private static partial Regex Format();
}
