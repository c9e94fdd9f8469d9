namespace K0sStandIn.Pki;

/// <summary>What a leaf certificate says: who it names and what it may be used for.</summary>
internal sealed record CertificateProfile(
    string CommonName,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<string> SubjectAlternativeNames,
    bool ServerAuth,
    bool ClientAuth)
{
    public static CertificateProfile Client(string commonName, params string[] organizations) =>
        new(commonName, organizations, [], ServerAuth: false, ClientAuth: true);

    public static CertificateProfile Server(string commonName, IEnumerable<string> sans) =>
        new(commonName, [], [.. sans.Distinct(StringComparer.Ordinal)], ServerAuth: true, ClientAuth: true);
}

/// <summary>A certificate and its private key, both PEM.</summary>
internal sealed record IssuedCertificate(string CertificatePem, string KeyPem);
