using System.Text;

namespace K0sStandIn.Install;

/// <summary>The systemd unit k0s installs (kardianos/service with k0s's own template), rendered byte for byte.</summary>
internal static class SystemdUnit
{
    public const string Binary = "/usr/local/bin/k0s";
    public const string Directory = "/etc/systemd/system";

    /// <summary>k0scontroller for controller, controller+worker and single; k0sworker for workers.</summary>
    public static string ServiceName(string role) => role == "worker" ? "k0sworker" : "k0scontroller";

    public static string PathFor(string role) => Path.Combine(Directory, ServiceName(role) + ".service");

    public static string Render(IReadOnlyList<string> arguments, IReadOnlyList<string> environment)
    {
        var unit = new StringBuilder()
            .Append("[Unit]\n")
            .Append("Description=k0s - Zero Friction Kubernetes\n")
            .Append("Documentation=https://docs.k0sproject.io\n")
            .Append("ConditionFileIsExecutable=").Append(Escape(Binary)).Append('\n')
            .Append('\n')
            .Append("After=network-online.target \n")
            .Append("Wants=network-online.target \n")
            .Append('\n')
            .Append("[Service]\n")
            .Append("StartLimitInterval=5\n")
            .Append("StartLimitBurst=10\n")
            .Append("ExecStart=").Append(Escape(Binary));
        foreach (var argument in arguments)
        {
            unit.Append(' ').Append(Escape(argument));
        }

        foreach (var variable in environment)
        {
            unit.Append("\nEnvironment=\"").Append(variable).Append('"');
        }

        return unit.Append('\n')
            .Append('\n')
            .Append("RestartSec=10\n")
            .Append("Delegate=yes\n")
            .Append("KillMode=process\n")
            .Append("LimitCORE=infinity\n")
            .Append("TasksMax=infinity\n")
            .Append("TimeoutStartSec=0\n")
            .Append("OOMScoreAdjust=-999\n")
            .Append("LimitNOFILE=999999\n")
            .Append("Restart=always\n")
            .Append('\n')
            .Append("[Install]\n")
            .Append("WantedBy=multi-user.target\n")
            .ToString();
    }

    // kardianos/service's cmdEscape: spaces become \x20, which systemd turns back into spaces.
    private static string Escape(string value) => value.Replace(" ", "\\x20", StringComparison.Ordinal);
}
