namespace HaCluster.Spec.Validation;

/// <summary>How each host is reached: exactly one connection block, valid addresses and ports, key files that exist.</summary>
internal sealed class ConnectionValidator : ISpecValidator
{
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoints = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, path) in context.Hosts)
        {
            var blocks = new[]
                {
                    host.Ssh is null ? null : "ssh",
                    host.OpenSsh is null ? null : "openSSH",
                    host.Localhost?.Enabled == true ? "localhost" : null,
                }
                .OfType<string>().ToList();
            if (blocks.Count == 0 && !context.Has($"{path}.winRM"))
            {
                context.Error(path, "no connection: set ssh (or openSSH, or localhost)");
            }
            else if (blocks.Count > 1)
            {
                context.Error(path, $"more than one connection ({string.Join(", ", blocks)}); keep one");
            }
            if (host.Ssh is { } ssh)
            {
                CheckSsh(context, ssh, $"{path}.ssh");
            }
            if (host.OpenSsh is { } openSsh)
            {
                CheckOpenSsh(context, openSsh, $"{path}.openSSH");
                CheckOpenSshAddressInConfigs(context, host, openSsh, $"{path}.openSSH.address");
            }
            CheckDuplicateEndpoint(context, host, path, endpoints);
        }
    }

    private static void CheckSsh(ValidationContext context, SshSpec ssh, string path)
    {
        CheckAddress(context, ssh.Address, $"{path}.address");
        CheckPort(context, ssh.Port, $"{path}.port");
        CheckUser(context, ssh.User, $"{path}.user");
        CheckLocalFile(context, ssh.KeyPath, $"{path}.keyPath", "key file");
        if (ssh.HostKey is not null)
        {
            context.Warning($"{path}.hostKey", "hostKey is not used: hactl checks host keys against known_hosts");
        }
        if (ssh.Bastion is { } bastion)
        {
            CheckSsh(context, bastion, $"{path}.bastion");
        }
    }

    private static void CheckOpenSsh(ValidationContext context, OpenSshSpec openSsh, string path)
    {
        // openSSH addresses may be Host aliases from ssh_config, so any non-empty name goes.
        if (string.IsNullOrWhiteSpace(openSsh.Address))
        {
            context.Error($"{path}.address", "address is required");
        }
        else if (SshNames.DestinationProblem(openSsh.Address) is { } problem)
        {
            context.Error($"{path}.address", problem);
        }
        if (openSsh.User is { } user)
        {
            CheckUser(context, user, $"{path}.user");
        }
        if (openSsh.Port is { } port)
        {
            CheckPort(context, port, $"{path}.port");
        }
        CheckLocalFile(context, openSsh.KeyPath, $"{path}.keyPath", "key file");
        CheckLocalFile(context, openSsh.ConfigPath, $"{path}.configPath", "ssh config file");
    }

    /// <summary>
    /// Without hostname and privateAddress, the openSSH address names the host and stands for its private address in
    /// the files hactl writes for controllers and load balancers (haproxy.cfg, keepalived.conf, k0s.yaml, render's
    /// directories). An ssh alias such as user@box or ../x fits none of them.
    /// </summary>
    private static void CheckOpenSshAddressInConfigs(ValidationContext context, HostSpec host, OpenSshSpec openSsh, string path)
    {
        var getsConfigFiles = host.Role == Roles.LoadBalancer || RoleRules.IsController(host.Role);
        var missing = new[] { host.Hostname is null ? "hostname" : null, host.PrivateAddress is null ? "privateAddress" : null }
            .OfType<string>().ToList();
        if (getsConfigFiles && missing.Count > 0 && openSsh.Address is { } address
            && !string.IsNullOrWhiteSpace(address) && !Addresses.IsIPOrHostName(address))
        {
            context.Error(path,
                $"'{address}' is not an IP address or host name, so it cannot stand for this host's {string.Join(" and ", missing)} " +
                $"in config files; set {string.Join(" and ", missing)}");
        }
    }

    private static void CheckUser(ValidationContext context, string user, string path)
    {
        if (SshNames.UserProblem(user) is { } problem)
        {
            context.Error(path, problem);
        }
    }

    private static void CheckAddress(ValidationContext context, string? address, string path)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            context.Error(path, "address is required");
        }
        else if (!Addresses.IsIPOrHostName(address))
        {
            context.Error(path, $"'{address}' is not an IP address or host name");
        }
    }

    public static void CheckPort(ValidationContext context, int port, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Addresses.IsPort(port))
        {
            context.Error(path, $"port {port} is out of range (1-{Addresses.MaxPort})");
        }
    }

    private static void CheckLocalFile(ValidationContext context, string? file, string path, string what)
    {
        if (file is null)
        {
            return;
        }
        var resolved = context.Environment.Paths.Resolve(file);
        if (!context.Environment.FileExists(resolved))
        {
            context.Error(path, $"{what} not found: {resolved}");
        }
    }

    /// <summary>Two hosts reached at the same address and port are one machine written twice.</summary>
    private static void CheckDuplicateEndpoint(ValidationContext context, HostSpec host, string path, Dictionary<string, string> seen)
    {
        var (addressPath, endpoint) = host switch
        {
            { Ssh.Address: { } a } => ($"{path}.ssh.address", $"{a}:{host.Ssh.Port}"),
            { OpenSsh.Address: { } a } => ($"{path}.openSSH.address", $"{a}:{host.OpenSsh.Port ?? 22}"),
            { Localhost.Enabled: true } => ($"{path}.localhost", "localhost"),
            _ => ("", null),
        };
        if (endpoint is null)
        {
            return;
        }
        if (seen.TryGetValue(endpoint, out var first))
        {
            context.Error(addressPath, $"duplicate of {first}");
        }
        else
        {
            seen[endpoint] = path;
        }
    }
}
