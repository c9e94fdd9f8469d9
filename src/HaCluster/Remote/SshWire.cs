using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HaCluster.Remote;

/// <summary>
/// The few pieces of SSH's wire encoding (RFC 4251 §5) that known_hosts and the agent protocol need: big-endian
/// uint32, length-prefixed strings, and a key's name and fingerprint as OpenSSH prints them.
/// </summary>
internal static class SshWire
{
    /// <summary>The OpenSSH fingerprint of a public key blob: <c>SHA256:</c> and the unpadded base64 of its hash.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> publicKey) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicKey)).TrimEnd('=');

    /// <summary>The type a public key blob names first (<c>ssh-ed25519</c>, <c>ssh-rsa</c>…), or null when it is no blob.</summary>
    public static string? KeyType(ReadOnlySpan<byte> publicKey)
    {
        var reader = new Reader(publicKey);
        return reader.TryReadString(out var type) && type.Length > 0 && type.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) < 0
            ? Encoding.ASCII.GetString(type)
            : null;
    }

    public static void WriteUInt32(IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteUInt32(writer, (uint)value.Length);
        writer.Write(value);
    }

    public static void WriteString(IBufferWriter<byte> writer, string value) => WriteString(writer, Encoding.UTF8.GetBytes(value));

    /// <summary>Sends one message framed by its big-endian uint32 length, as the agent and mux protocols frame them.</summary>
    public static async Task WriteFrameAsync(Stream stream, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame.AsMemory(4));
        await stream.WriteAsync(frame, cancellationToken);
    }

    /// <summary>
    /// Reads one framed message; null when its length is 0 or above <paramref name="maxLength"/> (not the protocol).
    /// A stream that ends first throws <see cref="EndOfStreamException"/>.
    /// </summary>
    public static async Task<byte[]?> ReadFrameAsync(Stream stream, uint maxLength, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 || length > maxLength)
        {
            return null;
        }
        var message = new byte[length];
        await stream.ReadExactlyAsync(message, cancellationToken);
        return message;
    }

    /// <summary>Reads a message front to back; every read says whether the data held what was asked for.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> rest = data;

        public readonly bool AtEnd => rest.IsEmpty;

        public bool TryReadByte(out byte value)
        {
            value = 0;
            if (rest.IsEmpty)
            {
                return false;
            }
            value = rest[0];
            rest = rest[1..];
            return true;
        }

        public bool TryReadUInt32(out uint value)
        {
            if (!BinaryPrimitives.TryReadUInt32BigEndian(rest, out value))
            {
                return false;
            }
            rest = rest[4..];
            return true;
        }

        public bool TryReadString(out ReadOnlySpan<byte> value)
        {
            value = default;
            var saved = rest;
            if (!TryReadUInt32(out var length) || length > (uint)rest.Length)
            {
                rest = saved;
                return false;
            }
            value = rest[..(int)length];
            rest = rest[(int)length..];
            return true;
        }
    }
}
