using System.Security.Cryptography.X509Certificates;
using K0sStandIn.Cli;
using K0sStandIn.Etcd;
using K0sStandIn.Kube;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace K0sStandIn.Api;

/// <summary>
/// One Kestrel server for a controller's TLS listeners: the Kubernetes API (6443, client certificates checked
/// against the cluster CA), the join API (9443) and konnectivity's agent and admin ports (8132/8133, which only
/// accept connections: there are no agents to tunnel for).
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app) => _app = app;

    public static async Task<ApiServer> StartAsync(ApiContext context, ApiEndpoints endpoints, X509Certificate2 certificate, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoints.BindAddress, endpoints.Api, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (client, _, _) => context.ClusterCa.Issued(client),
            }));
            foreach (var port in new[] { endpoints.Join, endpoints.KonnectivityAgent, endpoints.KonnectivityAdmin })
            {
                kestrel.Listen(endpoints.BindAddress, port, listen => listen.UseHttps(certificate));
            }
        });
        var app = builder.Build();
        var kube = new KubeApi(context);
        var join = new JoinApi(context);
        app.Run(async http =>
        {
            try
            {
                var port = http.Connection.LocalPort;
                await (port == endpoints.Api ? kube.HandleAsync(http)
                    : port == endpoints.Join ? join.HandleAsync(http)
                    : Responses.TextAsync(http, 404, "404 page not found\n"));
            }
            catch (EtcdException e) when (!http.Response.HasStarted)
            {
                // Storage trouble (no quorum, etcd down) surfaces as kube-apiserver's internal error.
                Log.Warn("request failed: " + e.Message, ("component", "kube-apiserver"), ("path", http.Request.Path.Value));
                await Responses.JsonAsync(http, KubeStatus.Unavailable(e.Message));
            }
        });
        await app.StartAsync(ct);
        Log.Info("API listening", ("component", "kube-apiserver"), ("port", endpoints.Api), ("k0sApiPort", endpoints.Join));
        return new ApiServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
