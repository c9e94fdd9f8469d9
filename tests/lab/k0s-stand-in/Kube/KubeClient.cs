using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using K0sStandIn.Hosting;

namespace K0sStandIn.Kube;

/// <summary>A minimal Kubernetes API client for the worker side: what a kubelet does with its kubeconfig.</summary>
internal sealed class KubeClient : IDisposable
{
    private readonly HttpClient _http;

    private KubeClient(HttpClient http) => _http = http;

    public Uri Server => _http.BaseAddress!;

    public static KubeClient From(Kubeconfig kubeconfig, TimeSpan timeout)
    {
        var certificate = kubeconfig.ClientCertificatePem is { } cert && kubeconfig.ClientKeyPem is { } key
            ? X509Certificate2.CreateFromPem(cert, key)
            : null;
        return new KubeClient(TlsHttp.Create(new Uri(kubeconfig.Server), kubeconfig.CertificateAuthorityPem, timeout, certificate, kubeconfig.Token));
    }

    public Task<(int Code, JsonNode? Body)> PostAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body, "application/json", ct);

    public Task<(int Code, JsonNode? Body)> MergePatchAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, body, "application/merge-patch+json", ct);

    public void Dispose() => _http.Dispose();

    private async Task<(int, JsonNode?)> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        if (text.Length > 0 && text[0] == '{')
        {
            json = JsonNode.Parse(text);
        }

        return ((int)response.StatusCode, json);
    }
}
