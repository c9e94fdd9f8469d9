namespace K0sStandIn.Cli;

/// <summary>The flag sets of k0s's commands (pkg/config/cli.go and the commands' own flags).</summary>
internal static class FlagSets
{
    public static readonly FlagSpec[] Persistent =
    [
        new("debug", FlagKind.Bool, "d"),
        new("verbose", FlagKind.Bool, "v"),
        new("data-dir", FlagKind.String),
        new("status-socket", FlagKind.String),
        new("debugListenOn", FlagKind.String),
    ];

    public static readonly FlagSpec[] ConfigFile = [new("config", FlagKind.String, "c")];

    public static readonly FlagSpec[] Controller =
    [
        new("enable-worker", FlagKind.Bool),
        new("disable-components", FlagKind.StringSlice),
        new("single", FlagKind.Bool),
        new("no-taints", FlagKind.Bool),
        new("enable-k0s-cloud-provider", FlagKind.Bool),
        new("k0s-cloud-provider-update-frequency", FlagKind.Duration),
        new("k0s-cloud-provider-port", FlagKind.Int),
        new("enable-dynamic-config", FlagKind.Bool),
        new("enable-metrics-scraper", FlagKind.Bool),
        new("kube-controller-manager-extra-args", FlagKind.String),
        new("init-only", FlagKind.Bool),
        .. ConfigFile,
    ];

    public static readonly FlagSpec[] Worker =
    [
        new("profile", FlagKind.String),
        new("cidr-range", FlagKind.String),
        new("enable-cloud-provider", FlagKind.Bool),
        new("token-file", FlagKind.String),
        new("logging", FlagKind.StringToString, "l"),
        new("labels", FlagKind.StringSlice),
        new("taints", FlagKind.StringSlice),
        new("kubelet-extra-args", FlagKind.String),
        new("kubelet-root-dir", FlagKind.String),
        new("iptables-mode", FlagKind.String),
        new("cri-socket", FlagKind.String),
        new("ignore-pre-flight-checks", FlagKind.Bool),
    ];

    public static readonly FlagSpec[] Install =
    [
        new("force", FlagKind.Bool),
        new("start", FlagKind.Bool),
        new("env", FlagKind.StringArray, "e"),
    ];

    public static FlagSpec[] Of(params FlagSpec[][] sets) => [.. sets.SelectMany(s => s).DistinctBy(f => f.Name)];
}
