using System.Security.Cryptography.X509Certificates;
using K0sStandIn.Tokens;
using Microsoft.AspNetCore.Http;

namespace K0sStandIn.Api;

/// <summary>Who made a request: a client certificate's CN and O, a bootstrap token, or nobody.</summary>
internal sealed record Caller(string User, IReadOnlyList<string> Groups)
{
    public static readonly Caller Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    public bool IsAnonymous => User == Anonymous.User;

    public bool IsBootstrap => Groups.Contains("system:bootstrappers");

    /// <summary>The caller, or null when a bearer token was given but is not valid (401).</summary>
    public static async Task<Caller?> AuthenticateAsync(HttpContext http, TokenStore tokens, DateTimeOffset now, CancellationToken ct)
    {
        if (http.Connection.ClientCertificate is { } certificate)
        {
            return FromCertificate(certificate);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Anonymous;
        }

        var bearer = authorization["Bearer ".Length..].Trim();
        return await tokens.IsValidAsync(bearer, TokenUsage.WorkerBootstrap, now, ct)
            ? new Caller("system:bootstrap:" + bearer.Split('.')[0], ["system:bootstrappers", "system:authenticated"])
            : null;
    }

    private static Caller FromCertificate(X509Certificate2 certificate)
    {
        var parts = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Select(rdn => (Oid: rdn.GetSingleElementType().Value, Value: rdn.GetSingleElementValue() ?? ""))
            .ToList();
        var commonName = parts.FirstOrDefault(p => p.Oid == "2.5.4.3").Value ?? "";
        var organizations = parts.Where(p => p.Oid == "2.5.4.10").Select(p => p.Value).Append("system:authenticated").ToList();
        return new Caller(commonName, organizations);
    }
}
