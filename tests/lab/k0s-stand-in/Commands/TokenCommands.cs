using K0sStandIn.Cli;
using K0sStandIn.Etcd;
using K0sStandIn.Kube;
using K0sStandIn.Status;
using K0sStandIn.Tokens;

namespace K0sStandIn.Commands;

/// <summary><c>k0s token create|list|invalidate</c>, on a running controller.</summary>
internal static class TokenCommands
{
    public static readonly FlagSpec[] CreateFlags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile,
        [new("expiry", FlagKind.String), new("role", FlagKind.String), new("wait", FlagKind.Bool)]);

    public static readonly FlagSpec[] ListFlags = FlagSets.Of(FlagSets.Persistent, [new("role", FlagKind.String)]);

    public static readonly FlagSpec[] InvalidateFlags = FlagSets.Persistent;

    public static async Task<int> CreateAsync(ParsedArgs args)
    {
        var role = args.String("role") ?? "worker";
        if (role is not ("worker" or "controller"))
        {
            throw new CliException($"unsupported role \"{role}\"; supported roles are \"controller\" and \"worker\"");
        }

        if (!GoDuration.TryParse(args.String("expiry") ?? "0s", out var expiry))
        {
            throw new CliException($"time: invalid duration \"{args.String("expiry")}\"");
        }

        var context = CommandContext.Resolve(args);
        if (await IsSingleNodeAsync(context))
        {
            throw new CliException("refusing to create token: cannot join into a single node cluster");
        }

        var caPath = Path.Combine(context.Vars.CertRootDir, "ca.crt");
        if (!File.Exists(context.Vars.AdminKubeConfigPath) || !File.Exists(caPath))
        {
            throw new CliException($"failed to create token: open {context.Vars.AdminKubeConfigPath}: no such file or directory");
        }

        JoinToken token;
        try
        {
            // Like k0s, --wait keeps trying (for two minutes) until the cluster answers.
            token = await LocalEtcd.CallWhenReachableAsync(context.Vars,
                etcd => new TokenStore(etcd).CreateAsync(role, expiry, DateTimeOffset.UtcNow, CancellationToken.None),
                args.Bool("wait") ? TimeSpan.FromMinutes(2) : TimeSpan.Zero);
        }
        catch (EtcdException e)
        {
            throw new CliException("failed to create token: " + e.Message, e);
        }

        var api = context.Config.Spec.Api;
        var server = role == "controller" ? context.ApiUrl(api.K0sApiPort!.Value) : context.ApiUrl(api.Port!.Value);
        var user = role == "controller" ? "controller-bootstrap" : "kubelet-bootstrap";
        var kubeconfig = new Kubeconfig(server, File.ReadAllText(caPath), "k0s", "k0s", user) { Token = token.ToString() };
        Console.WriteLine(JoinToken.Encode(kubeconfig.Render()));
        return 0;
    }

    public static async Task<int> ListAsync(ParsedArgs args)
    {
        var context = CommandContext.Resolve(args);
        var tokens = await LocalEtcd.CallAsync(context.Vars, etcd => new TokenStore(etcd).ListAsync(args.String("role"), CancellationToken.None));
        if (tokens.Count == 0)
        {
            Console.WriteLine("No k0s join tokens found");
            return 0;
        }

        foreach (var line in Table([["ID", "ROLE", "EXPIRES AT"], .. tokens.Select(t => new[] { t.Id, t.Role, t.Expiry })]))
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    public static async Task<int> InvalidateAsync(ParsedArgs args)
    {
        if (args.Positionals.Count == 0)
        {
            throw new CliException("requires at least 1 arg(s), only received 0");
        }

        var context = CommandContext.Resolve(args);
        foreach (var id in args.Positionals)
        {
            await LocalEtcd.CallAsync(context.Vars, etcd => new TokenStore(etcd).RemoveAsync(id, CancellationToken.None));
            Console.WriteLine($"token {id} deleted successfully");
        }

        return 0;
    }

    private static async Task<bool> IsSingleNodeAsync(CommandContext context)
    {
        try
        {
            return (await StatusClient.GetAsync(context.Vars.StatusSocketPath, CancellationToken.None)).SingleNode;
        }
        catch (StatusUnavailableException)
        {
            return context.Config.Spec.Storage.Type == "kine";
        }
    }

    // tablewriter without borders: columns padded to their widest cell, separated by a tab.
    private static IEnumerable<string> Table(IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return rows.Select(r => string.Join('\t', r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }
}
