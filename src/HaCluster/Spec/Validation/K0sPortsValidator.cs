using System.Globalization;

namespace HaCluster.Spec.Validation;

/// <summary>
/// The ports k0s listens on, from the k0s config or k0s's defaults: distinct on a controller, and the ones hactl
/// sends traffic to. Apply waits for the API at the API address on spec.loadBalancer.ports.api, and HAProxy forwards
/// each frontend port to the same port on every controller, so those must be the ports k0s serves (an external load
/// balancer excepted).
/// </summary>
internal sealed class K0sPortsValidator : ISpecValidator
{
    private sealed record K0sPort(string Field, int Default, string? LoadBalancerField);

    // k0s-contract.md, "General behaviour"; the load balancer field whose port must be the same, where there is one.
    private static readonly K0sPort[] Ports =
    [
        new("spec.api.port", 6443, "api"),
        new("spec.api.k0sApiPort", 9443, "controllerJoin"),
        new("spec.konnectivity.agentPort", 8132, "konnectivity"),
        new("spec.konnectivity.adminPort", 8133, null),
    ];

    private static readonly (int Port, string Use)[] EtcdPorts = [(2379, "etcd's client port"), (2380, "etcd's peer port")];

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.K0sConfig;
        // What each port is (for messages), and whether the file writes it (an error belongs on a written one).
        var listening = new List<(int Port, string What, string? WrittenPath)>();
        if (config.Text("spec.storage.type") is null or "etcd")
        {
            listening.AddRange(EtcdPorts.Select(e => (e.Port, e.Use, (string?)null)));
        }
        foreach (var k0sPort in Ports)
        {
            var written = config.Text(k0sPort.Field);
            if (written is not null && !int.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                // Not a port: K0sConfigValidator says so.
                continue;
            }
            var port = written is null ? k0sPort.Default : int.Parse(written, CultureInfo.InvariantCulture);
            var path = config.PathOf(k0sPort.Field);
            listening.Add((port, written is null ? $"{path} (k0s's default)" : path, written is null ? null : path));
            CheckLoadBalancerPort(context, k0sPort, port, written is not null);
        }
        for (var i = 0; i < listening.Count; i++)
        {
            foreach (var earlier in listening.Take(i).Where(e => e.Port == listening[i].Port))
            {
                var (at, other) = listening[i].WrittenPath is { } path ? (path, earlier.What) : (earlier.WrittenPath!, listening[i].What);
                context.Error(at, $"port {listening[i].Port} is also {other} on every controller; k0s cannot listen on it twice");
            }
        }
    }

    private static void CheckLoadBalancerPort(ValidationContext context, K0sPort k0sPort, int port, bool written)
    {
        var lb = context.Spec.LoadBalancer;
        var lbType = LoadBalancerIntent.Of(context.Spec).Type;
        // apply waits for the API on ports.api, which without HAProxy in between is k0s's own port (the VIP with cplb,
        // the first controller without a load balancer); HAProxy alone forwards the other two. An external load
        // balancer is the user's, free to map its ports.
        if (k0sPort.LoadBalancerField is not { } field || lbType == LoadBalancerTypes.External
            || (field != "api" && lbType != LoadBalancerTypes.HaproxyKeepalived))
        {
            return;
        }
        var lbPath = $"spec.loadBalancer.ports.{field}";
        var lbPort = field switch
        {
            "api" => (lb?.Ports ?? new LoadBalancerPortsSpec()).Api,
            "controllerJoin" => lb!.Ports.ControllerJoin,
            _ => lb!.Ports.Konnectivity,
        };
        if (lbPort == port || !Addresses.IsPort(lbPort))
        {
            return;
        }
        var k0sPath = context.K0sConfig.PathOf(k0sPort.Field);
        var sender = lbType == LoadBalancerTypes.HaproxyKeepalived
            ? $"HAProxy forwards {lbPath} ({lbPort}) to that port on each controller"
            : $"apply waits for the API on {lbPath} ({lbPort}{(lb is null ? ", fixed without spec.loadBalancer" : "")})";
        var fix = lb is null ? $"use port {lbPort}" : "set both to the same port";
        context.Error(written ? k0sPath : lbPath,
            $"k0s listens on {(written ? "" : "its default ")}port {port} ({k0sPort.Field}) but {sender}; {fix}");
    }
}
