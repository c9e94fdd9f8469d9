using System.Net.Http.Json;
using K0sStandIn.Hosting;
using K0sStandIn.Kube;
using K0sStandIn.Tokens;

namespace K0sStandIn.Join;

/// <summary>A joining controller's client of the first controller's join API (9443), authenticated by its token.</summary>
internal sealed class JoinClient : IDisposable
{
    private readonly HttpClient _http;

    private JoinClient(HttpClient http) => _http = http;

    public static JoinClient FromToken(string encodedToken)
    {
        var kubeconfig = Kubeconfig.Parse(JoinToken.Decode(encodedToken));
        return new JoinClient(TlsHttp.Create(new Uri(kubeconfig.Server), kubeconfig.CertificateAuthorityPem, TimeSpan.FromSeconds(30), bearerToken: kubeconfig.Token));
    }

    public async Task<CaResponse> GetCaAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri("/v1beta1/ca", UriKind.Relative), ct);
        Ensure(response, "unexpected response status");
        return (await response.Content.ReadFromJsonAsync(JoinJson.Default.CaResponse, ct))!;
    }

    public async Task<EtcdResponse> JoinEtcdAsync(string node, string peerUrl, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/v1beta1/etcd/members", UriKind.Relative), new EtcdRequest(node, peerUrl), JoinJson.Default.EtcdRequest, ct);
        Ensure(response, "unexpected response status when trying to join etcd cluster");
        return (await response.Content.ReadFromJsonAsync(JoinJson.Default.EtcdResponse, ct))!;
    }

    public void Dispose() => _http.Dispose();

    private static void Ensure(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }
}
