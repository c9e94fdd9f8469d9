using System.Text;
using System.Text.Json.Nodes;
using K0sStandIn.Kube;
using K0sStandIn.Pki;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>
/// Kubelet client certificates: a bootstrapping worker posts a CertificateSigningRequest with its token and gets it
/// back approved and signed by the cluster CA, as k0s's CSR approver would do a moment later.
/// </summary>
internal static class CertificateSigning
{
    private const string NodePrefix = "system:node:";

    public static async Task<(int Code, JsonObject Body)> SignAsync(HttpContext http, ApiContext context)
    {
        var csr = await Responses.ReadJsonAsync(http) as JsonObject;
        var request = csr?["spec"]?["request"]?.GetValue<string>();
        if (csr is null || request is null)
        {
            return KubeStatus.BadRequest("CertificateSigningRequest.certificates.k8s.io is invalid: spec.request: Required value");
        }

        string certificate;
        try
        {
            var pem = Encoding.ASCII.GetString(Convert.FromBase64String(request));
            var commonName = SubjectCommonName(pem);
            if (!commonName.StartsWith(NodePrefix, StringComparison.Ordinal))
            {
                return KubeStatus.BadRequest($"CertificateSigningRequest.certificates.k8s.io is invalid: spec.request: Invalid value: subject CN must start with {NodePrefix}");
            }

            certificate = context.ClusterCa.SignRequest(pem, CertificateProfile.Client(commonName, "system:nodes"));
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return KubeStatus.BadRequest($"CertificateSigningRequest.certificates.k8s.io is invalid: spec.request: Invalid value: {e.Message}");
        }

        var now = NodeStore.Timestamp(context.Clock.GetUtcNow());
        csr["kind"] = "CertificateSigningRequest";
        csr["apiVersion"] = "certificates.k8s.io/v1";
        var metadata = csr["metadata"] as JsonObject ?? [];
        metadata["name"] ??= "csr-" + Guid.NewGuid().ToString("N")[..5];
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = now;
        csr["metadata"] = metadata;
        csr["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Approved",
                ["status"] = "True",
                ["reason"] = "Autoapproved",
                ["message"] = "Auto approving kubelet client certificate after SubjectAccessReview.",
                ["lastUpdateTime"] = now,
                ["lastTransitionTime"] = now,
            }),
            ["certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate)),
        };
        return (201, csr);
    }

    private static string SubjectCommonName(string csrPem)
    {
        var csr = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequestPem(
            csrPem, System.Security.Cryptography.HashAlgorithmName.SHA256);
        return csr.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.3")
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .FirstOrDefault() ?? "";
    }
}
