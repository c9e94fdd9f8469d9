using System.Globalization;

namespace HaCluster.TestSupport;

/// <summary>
/// When HACTL_SUITE_TIMELINE names a file (tests/run sets it), every process a test ran for a second or more is
/// appended to it: when it started, how long it took, how it ended. A suite that passes deletes its lab directories
/// and hactl's logs with them; this file stays, so a class that was slow in CI can be explained afterwards.
/// </summary>
public static class SuiteTimeline
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly string? Path = Environment.GetEnvironmentVariable("HACTL_SUITE_TIMELINE") is { Length: > 0 } path ? path : null;
    private static readonly Lock Writing = new();

    public static void Record(DateTime started, TimeSpan took, string end, string command)
    {
        if (Path is null || took < Shortest)
        {
            return;
        }
        // The command names files and hosts; secrets go through stdin, except ssh-keygen's passphrase (-N/-P), which
        // has no other way in and is masked. Cut so a line stays a line.
        var shown = Masked(command).ReplaceLineEndings(" ");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{started:HH:mm:ss.f} {took.TotalSeconds,7:0.0}s {end,-8} {(shown.Length > 400 ? shown[..400] + "…" : shown)}\n");
        lock (Writing)
        {
            try
            {
                File.AppendAllText(Path, line);
            }
            catch (IOException)
            {
                // A record of timings must never fail the test it times.
            }
        }
    }

    /// <summary>The command as the timeline shows it.</summary>
    public static string Masked(string command) =>
        command.StartsWith("ssh-keygen ", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(command, @"(?<= -[NP] )(?:(?! -).)*", "***")
            : command;
}
