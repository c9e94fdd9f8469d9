namespace K0sStandIn.Pki;

/// <summary>Writes PEM files atomically; private keys are readable by root only.</summary>
internal static class PemFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void WriteCertificate(string path, string pem) => Write(path, pem, WorldReadable);

    public static void WriteKey(string path, string pem) => Write(path, pem, OwnerReadWrite);

    public static void WritePair(string basePath, IssuedCertificate pair)
    {
        WriteCertificate(basePath + ".crt", pair.CertificatePem);
        WriteKey(basePath + ".key", pair.KeyPem);
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a file.</summary>
    public static void Write(string path, string content, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
