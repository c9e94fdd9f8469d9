using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using K0sStandIn.Pki;

namespace K0sStandIn.Hosting;

/// <summary>HTTPS clients that trust exactly one CA (the cluster's), as k0s's own clients do.</summary>
internal static class TlsHttp
{
    public static HttpClient Create(Uri server, string caPem, TimeSpan timeout, X509Certificate2? clientCertificate = null, string? bearerToken = null)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 served
                    && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    && CertificateAuthority.Chains(ca, served),
            },
        };
        var http = new HttpClient(handler) { BaseAddress = server, Timeout = timeout };
        if (bearerToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return http;
    }
}
