using System.Buffers.Binary;
using System.Text.Json;
using HaCluster.Remote;

namespace HaCluster.K0s;

/// <summary>
/// etcd's membership as a member's own database holds it, for when no etcd answers: the <c>members</c> bucket of
/// <c>&lt;data-dir&gt;/etcd/member/snap/db</c>, one JSON value a member (etcd:server/etcdserver/api/membership/store.go,
/// <c>mustSaveMemberToBackend</c>; a removed member is deleted from it in the same transaction). The file is bbolt's:
/// only its two meta pages and the pages on the way to that bucket are read, a range of bytes at a time.
/// </summary>
public static class EtcdDatabase
{
    private const uint Magic = 0xED0CDAED;
    private const int PageHeaderSize = 16;
    private const int ElementSize = 16;
    private const ushort BranchPage = 0x01;
    private const ushort LeafPage = 0x02;
    private const uint BucketLeaf = 0x01;
    private const int MaxDepth = 32;

    public static string Path(string dataDir) => $"{dataDir}/etcd/member/snap/db";

    /// <summary>LENGTH bytes of the database from OFFSET, base64-encoded.</summary>
    public static RemoteCommand Read(string dataDir, long offset, int length) =>
        RemoteCommand.Script("read etcd database", """tail -c "+$(($2 + 1))" "$1" | head -c "$3" | base64""",
            Path(dataDir), offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Decodes what <see cref="Read"/> printed.</summary>
    public static byte[] Decode(string output) =>
        Convert.FromBase64String(string.Concat((output ?? throw new ArgumentNullException(nameof(output))).Where(c => !char.IsWhiteSpace(c))));

    /// <summary>The members the database lists; <paramref name="read"/> returns the bytes at an offset (fewer at the end of the file).</summary>
    /// <exception cref="FormatException">The file is not a bbolt database with a members bucket.</exception>
    public static async Task<IReadOnlyList<EtcdMember>> MembersAsync(Func<long, int, CancellationToken, Task<byte[]>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var first = Meta.Parse(await read(0, 4096, cancellationToken));
        var pageSize = first?.PageSize ?? 4096;
        var second = Meta.Parse(await read(pageSize, 4096, cancellationToken));
        var meta = new[] { first, second }.Where(m => m is not null).MaxBy(m => m!.TxId)
            ?? throw new FormatException("not a bbolt database: no valid meta page");
        var reader = new PageReader(read, meta.PageSize);

        var root = await reader.EntriesAsync(meta.RootPage, cancellationToken);
        var bucket = root.FirstOrDefault(e => (e.Flags & BucketLeaf) != 0 && e.Key.AsSpan().SequenceEqual("members"u8))
            ?? throw new FormatException("the etcd database has no members bucket");
        var rootPage = BinaryPrimitives.ReadUInt64LittleEndian(bucket.Value);
        var members = rootPage == 0
            ? await reader.EntriesAsync(bucket.Value, 16, 0, cancellationToken) // an inline bucket: its page follows the header
            : await reader.EntriesAsync(rootPage, cancellationToken);
        return members.Select(e => ParseMember(e.Value)).ToList();
    }

    /// <summary>One member as etcd stores it: <c>{"id":N,"peerURLs":[…],"name":"…","clientURLs":[…]}</c>.</summary>
    public static EtcdMember ParseMember(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var m = document.RootElement;
        return new EtcdMember(EtcdJson.Text(m, "id"), EtcdJson.Text(m, "name"), EtcdJson.Texts(m, "peerURLs"), EtcdJson.Texts(m, "clientURLs"));
    }

    private sealed record Meta(int PageSize, ulong RootPage, ulong TxId)
    {
        // The meta struct follows the page header: magic, version, pageSize, flags (u32), root bucket (root, sequence),
        // freelist, pgid, txid, checksum (u64); the checksum is FNV-1a 64 of everything before it.
        public static Meta? Parse(byte[] page)
        {
            const int at = PageHeaderSize;
            if (page.Length < at + 64)
            {
                return null;
            }
            var meta = page.AsSpan(at, 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(meta) != Magic || Fnv1a(meta[..56]) != BinaryPrimitives.ReadUInt64LittleEndian(meta[56..]))
            {
                return null;
            }
            var pageSize = BinaryPrimitives.ReadUInt32LittleEndian(meta[8..]);
            return pageSize is < 512 or > 1 << 20
                ? null
                : new Meta((int)pageSize, BinaryPrimitives.ReadUInt64LittleEndian(meta[16..]), BinaryPrimitives.ReadUInt64LittleEndian(meta[48..]));
        }

        private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
        {
            var hash = 14695981039346656037UL;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            return hash;
        }
    }

    private sealed record Entry(uint Flags, byte[] Key, byte[] Value);

    private sealed class PageReader(Func<long, int, CancellationToken, Task<byte[]>> read, int pageSize)
    {
        public async Task<List<Entry>> EntriesAsync(ulong page, CancellationToken cancellationToken) =>
            await EntriesAsync(await PageAsync(page, cancellationToken), 0, 0, cancellationToken);

        // Every leaf entry under the page that starts at `start` in `bytes` (a branch page's children are read in turn).
        public async Task<List<Entry>> EntriesAsync(byte[] bytes, int start, int depth, CancellationToken cancellationToken)
        {
            if (depth > MaxDepth || bytes.Length < start + PageHeaderSize)
            {
                throw new FormatException("the etcd database's pages do not form a tree");
            }
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(start + 8));
            int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(start + 10));
            var entries = new List<Entry>();
            for (var i = 0; i < count; i++)
            {
                var element = start + PageHeaderSize + (i * ElementSize);
                var e = bytes.AsSpan(element, ElementSize);
                if ((flags & BranchPage) != 0)
                {
                    var child = await PageAsync(BinaryPrimitives.ReadUInt64LittleEndian(e[8..]), cancellationToken);
                    entries.AddRange(await EntriesAsync(child, 0, depth + 1, cancellationToken));
                }
                else if ((flags & LeafPage) != 0)
                {
                    var pos = element + (int)BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                    var keySize = (int)BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                    var valueSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
                    entries.Add(new Entry(BinaryPrimitives.ReadUInt32LittleEndian(e),
                        bytes.AsSpan(pos, keySize).ToArray(), bytes.AsSpan(pos + keySize, valueSize).ToArray()));
                }
                else
                {
                    throw new FormatException($"the etcd database has an unexpected page (flags 0x{flags:x}) where a tree page belongs");
                }
            }
            return entries;
        }

        private async Task<byte[]> PageAsync(ulong page, CancellationToken cancellationToken)
        {
            var offset = checked((long)page * pageSize);
            var bytes = await read(offset, pageSize, cancellationToken);
            if (bytes.Length < PageHeaderSize)
            {
                throw new FormatException($"the etcd database ends before page {page}");
            }
            var overflow = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
            return overflow == 0 ? bytes : await read(offset, checked((int)((overflow + 1) * pageSize)), cancellationToken);
        }
    }
}
