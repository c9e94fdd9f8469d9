namespace HaCluster.Spec;

/// <summary>
/// k0sctl lets install flags decide some host fields (<c>--single</c>, <c>--enable-worker</c>, <c>--no-taints</c>,
/// <c>--data-dir</c>, <c>--kubelet-root-dir</c>). hactl does the same, before validation, and says so when a role changes.
/// </summary>
internal static class InstallFlagDefaults
{
    public static SpecDocument Apply(SpecDocument document, List<SpecError> problems)
    {
        var hosts = document.Spec.Hosts.Select((host, i) => Apply(host, $"spec.hosts[{i}]", document.Map, problems)).ToList();
        return document with { Spec = document.Spec with { Hosts = hosts } };
    }

    private static HostSpec Apply(HostSpec host, string path, SourceMap map, List<SpecError> problems)
    {
        if (host.Role == Roles.LoadBalancer)
        {
            return host;
        }
        for (var i = 0; i < host.InstallFlags.Count; i++)
        {
            var flag = InstallFlag.Parse(host.InstallFlags[i]);
            var flagPath = $"{path}.installFlags[{i}]";
            host = flag switch
            {
                { Name: "--single", IsOn: true } => WithRole(host, Roles.Single, flag, flagPath, map, problems),
                { Name: "--enable-worker", IsOn: true } => WithRole(host, Roles.ControllerWorker, flag, flagPath, map, problems),
                { Name: "--no-taints", IsOn: true } => host with { NoTaints = true },
                { Name: "--data-dir", Value: { } dataDir } => host with { DataDir = dataDir },
                { Name: "--kubelet-root-dir", Value: { } kubeletRootDir } => host with { KubeletRootDir = kubeletRootDir },
                _ => host,
            };
        }
        return host;
    }

    private static HostSpec WithRole(HostSpec host, string role, InstallFlag flag, string path, SourceMap map, List<SpecError> problems)
    {
        if (host.Role == role)
        {
            return host;
        }
        problems.Add(new SpecError(path, map.Find(path), $"{flag.Name} makes this host role {role}, as in k0sctl; write role: {role}", IsWarning: true));
        return host with { Role = role };
    }
}
