using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K0sStandIn.Cli;

namespace K0sStandIn.Commands;

/// <summary><c>k0s version [-a] [--json]</c>.</summary>
internal static partial class VersionCommand
{
    public static readonly FlagSpec[] Flags = [new("all", FlagKind.Bool, "a"), new("json", FlagKind.Bool)];

    public static Task<int> RunAsync(ParsedArgs args)
    {
        if (!args.Bool("all"))
        {
            Console.WriteLine(args.Bool("json") ? new JsonObject { ["Version"] = BuildInfo.Version }.ToJsonString(JsonOutput.Compact) : BuildInfo.Version);
            return Task.FromResult(0);
        }

        var components = new List<(string Name, string Version)>
        {
            ("Version", BuildInfo.Version),
            ("Runc", BuildInfo.Runc),
            ("Containerd", BuildInfo.Containerd),
            ("Kubernetes", BuildInfo.KubernetesVersion),
            ("Kine", BuildInfo.Kine),
            ("Etcd", EtcdVersion()),
            ("Konnectivity", BuildInfo.Konnectivity),
        };
        if (args.Bool("json"))
        {
            var json = new JsonObject(components.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)c.Version)));
            json["StandIn"] = BuildInfo.StandInLine;
            Console.WriteLine(json.ToJsonString(JsonOutput.Compact));
        }
        else
        {
            foreach (var (name, version) in components)
            {
                Console.WriteLine($"{name}: {version}");
            }

            Console.WriteLine(BuildInfo.StandInLine);
        }

        return Task.FromResult(0);
    }

    // The etcd the controllers really run: the machine's.
    private static string EtcdVersion()
    {
        try
        {
            using var etcd = Process.Start(new ProcessStartInfo("/usr/bin/etcd", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = etcd.StandardOutput.ReadToEnd();
            etcd.WaitForExit();
            var match = EtcdVersionLine().Match(output);
            return match.Success ? "v" + match.Groups[1].Value : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }

    [GeneratedRegex(@"etcd Version: (\S+)")]
    private static partial Regex EtcdVersionLine();
}
