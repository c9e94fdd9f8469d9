namespace HaCluster.Spec.Reading;

/// <summary>Reads how hactl reaches a host: k0sctl's ssh, openSSH and localhost blocks.</summary>
internal static class ConnectionSpecReader
{
    public static SshSpec ReadSsh(MappingReader ssh)
    {
        var defaults = new SshSpec();
        return new SshSpec
        {
            Address = ssh.String("address"),
            User = ssh.String("user") ?? defaults.User,
            Port = ssh.Int("port") ?? defaults.Port,
            KeyPath = ssh.String("keyPath"),
            HostKey = ssh.String("hostKey"),
            Bastion = ssh.Mapping("bastion", ReadSsh),
        };
    }

    public static OpenSshSpec ReadOpenSsh(MappingReader openSsh) => new()
    {
        Address = openSsh.String("address"),
        User = openSsh.String("user"),
        Port = openSsh.Int("port"),
        KeyPath = openSsh.String("keyPath"),
        ConfigPath = openSsh.String("configPath"),
        Options = openSsh.StringMap("options"),
        DisableMultiplexing = openSsh.Bool("disableMultiplexing") ?? false,
    };

    /// <summary>k0sctl has written localhost both as <c>localhost: true</c> and <c>localhost: { enabled: true }</c>.</summary>
    public static LocalhostSpec? ReadLocalhost(MappingReader host)
    {
        var node = host.Node("localhost");
        if (node is null)
        {
            return null;
        }
        if (node is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            return host.Bool("localhost") is { } enabled ? new LocalhostSpec { Enabled = enabled } : null;
        }
        return host.Mapping("localhost", localhost => new LocalhostSpec { Enabled = localhost.Bool("enabled") ?? true });
    }
}
