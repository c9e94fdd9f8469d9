using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>Reads one entry of spec.hosts: k0sctl's host fields plus hactl's loadbalancer role.</summary>
internal static class HostSpecReader
{
    public static HostSpec? Read(YamlNode node, string path, ReadContext context, string apiVersion)
    {
        var host = MappingReader.Open(node, path, context);
        if (host is null)
        {
            context.Error(path, "expected a host: a mapping with role and ssh");
            return null;
        }
        return host.ReadAll(h => ReadFields(h, apiVersion));
    }

    private static HostSpec ReadFields(MappingReader host, string apiVersion)
    {
        var role = host.String("role");
        if (role is null)
        {
            host.Context.Error(host.PathOf("role"), $"role is required: {string.Join(", ", Roles.All)}");
        }
        else if (role == Roles.LoadBalancer && apiVersion != ApiVersions.Hactl)
        {
            host.Context.Error(host.PathOf("role"),
                $"role loadbalancer needs apiVersion {ApiVersions.Hactl} (this file is {apiVersion})");
        }
        host.Accept("winRM");
        if (host.Has("winRM"))
        {
            host.Context.Error(host.PathOf("winRM"), "winRM is not supported: hactl manages Linux hosts over SSH");
        }
        return new HostSpec
        {
            Role = role ?? "",
            Ssh = host.Mapping("ssh", ConnectionSpecReader.ReadSsh),
            OpenSsh = host.Mapping("openSSH", ConnectionSpecReader.ReadOpenSsh),
            Localhost = ConnectionSpecReader.ReadLocalhost(host),
            PrivateInterface = host.String("privateInterface"),
            PrivateAddress = host.String("privateAddress"),
            DataDir = host.String("dataDir"),
            InstallFlags = host.Strings("installFlags"),
            Environment = host.StringMap("environment"),
            Hooks = host.Mapping("hooks", ReadHooks) ?? new HooksSpec(),
            Files = host.Sequence("files", (node, path) => ReadFile(node, path, host.Context)),
            UploadBinary = host.Bool("uploadBinary") ?? false,
            K0sBinaryPath = host.String("k0sBinaryPath"),
            NoTaints = host.Bool("noTaints") ?? false,
            Hostname = host.String("hostname"),
            Os = host.String("os"),
            Reset = host.Bool("reset") ?? false,
            KubeletRootDir = host.String("kubeletRootDir"),
            UseExistingK0s = host.Bool("useExistingK0s") ?? false,
            K0sInstallPath = host.String("k0sInstallPath"),
            K0sDownloadUrl = host.String("k0sDownloadURL"),
        };
    }

    private static HooksSpec ReadHooks(MappingReader hooks)
    {
        var actions = new Dictionary<string, HookStageSpec>(StringComparer.Ordinal);
        foreach (var action in hooks.Keys.ToList())
        {
            if (hooks.Mapping(action, stages => new HookStageSpec
                {
                    Before = stages.Strings("before"),
                    After = stages.Strings("after"),
                }) is { } stage)
            {
                actions[action] = stage;
            }
        }
        return new HooksSpec { Actions = actions };
    }

    private static FileSpec? ReadFile(YamlNode node, string path, ReadContext context) =>
        MappingReader.Open(node, path, context)?.ReadAll(file => new FileSpec
        {
            Name = file.String("name"),
            Src = file.String("src"),
            Data = file.String("data"),
            DstDir = file.String("dstDir"),
            Dst = file.String("dst"),
            Perm = file.String("perm"),
            DirPerm = file.String("dirPerm"),
            User = file.String("user"),
            Group = file.String("group"),
        });
}
