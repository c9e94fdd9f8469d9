using System.Net;
using K0sStandIn.Config;

namespace K0sStandIn.Api;

/// <summary>The ports a controller listens on, from its config.</summary>
internal sealed record ApiEndpoints(IPAddress BindAddress, int Api, int Join, int KonnectivityAgent, int KonnectivityAdmin)
{
    public static ApiEndpoints From(ClusterConfig config)
    {
        var api = config.Spec.Api;
        var bind = api.OnlyBindToAddress == true && IPAddress.TryParse(api.Address, out var address) ? address : IPAddress.Any;
        return new ApiEndpoints(
            bind,
            api.Port ?? ConfigDefaults.ApiPort,
            api.K0sApiPort ?? ConfigDefaults.K0sApiPort,
            config.Spec.Konnectivity.AgentPort ?? ConfigDefaults.KonnectivityAgentPort,
            config.Spec.Konnectivity.AdminPort ?? ConfigDefaults.KonnectivityAdminPort);
    }
}
