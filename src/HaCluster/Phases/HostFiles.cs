using System.Security.Cryptography;
using System.Text;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Writing managed files: only when their content changed, atomically, checked before they go live.</summary>
internal static class HostFiles
{
    private const string StagingSuffix = ".hactl-new";

    public static bool Differs(GatheredHost host, string path, byte[] content) =>
        host.Facts.FileHashes.GetValueOrDefault(path) != Sha256(content);

    /// <summary>
    /// Writes the file when it differs from what the host has. With a check, the new content is staged beside the
    /// live file, checked there (<paramref name="check"/> gets the staged path), and only then renamed into place.
    /// </summary>
    public static async Task<bool> WriteIfChangedAsync(
        RunContext context, GatheredHost host, RenderedFile file, Func<string, RemoteCommand>? check, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(file.Content);
        if (!Differs(host, file.Path, content))
        {
            return false;
        }
        await context.ChangeAsync(host.Session, $"write {file.Path}", async (writer, token) =>
        {
            if (check is null)
            {
                await writer.UploadAsync(content, file.Path, file.Mode, token);
                return;
            }
            var staged = file.Path + StagingSuffix;
            await writer.UploadAsync(content, staged, file.Mode, token);
            var verdict = await host.Session.ProbeAsync(check(staged), token);
            if (!verdict.Succeeded)
            {
                await writer.TryRunAsync(RemoteCommand.Exec("rm", "-f", "--", staged), token);
                throw host.Session.Failure(check(staged), verdict);
            }
            await writer.RunAsync(RemoteCommand.Exec("mv", "-f", "--", staged, file.Path), token);
        }, cancellationToken);
        return true;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
