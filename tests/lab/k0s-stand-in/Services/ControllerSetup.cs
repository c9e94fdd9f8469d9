using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Etcd;
using K0sStandIn.Hosting;
using K0sStandIn.Join;
using K0sStandIn.Pki;

namespace K0sStandIn.Services;

/// <summary>
/// What a controller settles before it starts anything: its config, its CA (created, or fetched with its token)
/// and how its etcd member starts (a new cluster, or added to the existing one through the join API).
/// </summary>
internal static class ControllerSetup
{
    public static ClusterConfig LoadConfig(NodeOptions options, HostFacts host)
    {
        var config = ConfigDefaults.Apply(ConfigLoader.Load(options.ConfigPath), host, options.Single);
        var errors = ConfigValidator.Validate(config).ToList();
        var cplb = config.Spec.Network.ControlPlaneLoadBalancing;
        if (cplb is { Enabled: true } && options.Single)
        {
            errors.Add("control plane load balancing cannot be used in single node mode");
        }

        if (cplb is { Enabled: true, Keepalived.VirtualServers.Count: > 0 } && options.EnableWorker)
        {
            errors.Add("keepalived virtual servers are not supported on controller+worker nodes");
        }

        return errors.Count == 0 ? config : throw new CliException("invalid node config: " + string.Join('\n', errors));
    }

    public static async Task<CertificateAuthority> EnsureClusterCaAsync(NodeOptions options, PkiLayout pki, CancellationToken stop)
    {
        if (PkiLayout.Exists(pki.ClusterCa) || options.Token is null)
        {
            return ControllerPki.EnsureClusterCa(pki, null);
        }

        using var join = JoinClient.FromToken(options.Token);
        var ca = await JoinRetry.RunAsync("fetch the cluster CA", join.GetCaAsync, stop);
        Log.Info("got valid CA response", ("component", "controller"));
        return ControllerPki.EnsureClusterCa(pki, ca);
    }

    /// <summary>How etcd starts: a member of the existing cluster (joined now or before), or the first of a new one.</summary>
    public static async Task<EtcdServer.Bootstrap> EnsureEtcdPkiAsync(NodeOptions options, PkiLayout pki, HostFacts host, ClusterConfig config, CancellationToken stop)
    {
        var peerAddress = config.Spec.Storage.Etcd.PeerAddress!;
        var peerUrl = EtcdServer.PeerUrl(peerAddress);
        var alreadyMember = File.Exists(options.Vars.EtcdDatabasePath);
        if (alreadyMember || options.Token is null)
        {
            ControllerPki.EnsureEtcd(pki, null, host, peerAddress);
            // A member with data ignores the bootstrap flags; only a brand-new first member uses them.
            return new EtcdServer.Bootstrap([$"{host.Hostname}={peerUrl}"], Existing: false);
        }

        using var join = JoinClient.FromToken(options.Token);
        var response = await JoinRetry.RunAsync("join the etcd cluster", ct => join.JoinEtcdAsync(host.Hostname, peerUrl, ct), stop);
        Log.Info("joined etcd cluster", ("component", "controller"), ("initialCluster", string.Join(',', response.InitialCluster)));
        ControllerPki.EnsureEtcd(pki, response.Ca, host, peerAddress);
        return new EtcdServer.Bootstrap(response.InitialCluster, Existing: true);
    }
}
