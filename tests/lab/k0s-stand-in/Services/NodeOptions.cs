using K0sStandIn.Cli;
using K0sStandIn.Config;

namespace K0sStandIn.Services;

/// <summary>What <c>k0s controller</c> and <c>k0s worker</c> were told on their command line.</summary>
internal sealed record NodeOptions(
    K0sVars Vars,
    string? ConfigPath,
    string? Token,
    bool EnableWorker,
    bool Single,
    bool NoTaints,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Taints,
    string? KubeletExtraArgs)
{
    public static NodeOptions From(ParsedArgs args)
    {
        var single = args.Bool("single");
        return new NodeOptions(
            K0sVars.For(args.String("data-dir"), args.String("status-socket"), args.String("config"), single),
            args.String("config"),
            ReadToken(args),
            args.Bool("enable-worker") || single,
            single,
            args.Bool("no-taints"),
            args.List("labels"),
            args.List("taints"),
            args.String("kubelet-extra-args"));
    }

    /// <summary>The kubelet's --node-ip from --kubelet-extra-args, which hactl sets to the private address.</summary>
    public string? NodeIp => (KubeletExtraArgs ?? "")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(a => a.Split('=', 2))
        .Where(kv => kv.Length == 2 && kv[0] is "--node-ip" or "-node-ip")
        .Select(kv => kv[1].Split(',')[0])
        .FirstOrDefault();

    /// <summary>--labels as a map; a key given twice keeps its last value.</summary>
    public IReadOnlyDictionary<string, string> LabelMap
    {
        get
        {
            var labels = new Dictionary<string, string>();
            foreach (var pair in Labels.Select(l => l.Split('=', 2)))
            {
                labels[pair[0]] = pair.Length == 2 ? pair[1] : "";
            }

            return labels;
        }
    }

    private static string? ReadToken(ParsedArgs args)
    {
        if (args.String("token-file") is { Length: > 0 } file)
        {
            return File.Exists(file)
                ? File.ReadAllText(file).Trim()
                : throw new CliException($"failed to read token file: open {file}: no such file or directory");
        }

        return args.Positionals.Count > 0 ? args.Positionals[0].Trim() : null;
    }
}
