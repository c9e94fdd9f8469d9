using System.Buffers.Binary;
using System.Text;
using HaCluster.K0s;

namespace HaCluster.Tests.K0s;

/// <summary>etcd's members read from a stopped member's bbolt database, page by page.</summary>
public class EtcdDatabaseTests
{
    private const int PageSize = 4096;

    [Fact]
    public async Task The_members_of_an_inline_members_bucket_are_read_from_the_newest_meta_page()
    {
        var db = BoltFile.Inline(Members("h3", "h4", "h5"));

        var members = await EtcdDatabase.MembersAsync(BoltFile.Reader(db), CancellationToken.None);

        members.Select(m => (m.Name, m.PeerUrl)).Should().Equal(
            ("h3", "https://10.0.0.13:2380"), ("h4", "https://10.0.0.14:2380"), ("h5", "https://10.0.0.15:2380"));
    }

    [Fact]
    public async Task A_members_bucket_on_its_own_pages_under_a_branch_is_walked_through()
    {
        var db = BoltFile.Paged(Members("h3", "h4"), Members("h5"));

        var members = await EtcdDatabase.MembersAsync(BoltFile.Reader(db), CancellationToken.None);

        members.Select(m => m.Name).Should().Equal("h3", "h4", "h5");
    }

    [Fact]
    public async Task A_file_without_a_valid_meta_page_is_not_taken_for_a_database()
    {
        var db = new byte[PageSize * 3];

        var read = () => EtcdDatabase.MembersAsync(BoltFile.Reader(db), CancellationToken.None);

        await read.Should().ThrowAsync<FormatException>().WithMessage("*not a bbolt database*");
    }

    [Fact]
    public void The_read_command_names_the_database_and_the_byte_range()
    {
        EtcdDatabase.Read("/var/lib/k0s", 8192, 4096).Argv.Should().EndWith(["/var/lib/k0s/etcd/member/snap/db", "8192", "4096"]);
        EtcdDatabase.Decode("aGVs\nbG8=\n").Should().Equal("hello"u8.ToArray());
    }

    private static List<(byte[] Key, byte[] Value)> Members(params string[] hosts) =>
        [.. hosts.Select(h => (Encoding.ASCII.GetBytes(h),
            Encoding.ASCII.GetBytes($$"""{"id":{{10 + h[1] - '0'}},"peerURLs":["https://10.0.0.1{{h[1]}}:2380"],"name":"{{h}}","clientURLs":["https://10.0.0.1{{h[1]}}:2379"]}""")))];

    /// <summary>bbolt's layout, as much as the reader needs: meta pages 0 and 1, a root leaf page, bucket pages.</summary>
    internal static class BoltFile
    {
        public static Func<long, int, CancellationToken, Task<byte[]>> Reader(byte[] file) => (offset, length, _) =>
            Task.FromResult(file.AsSpan((int)Math.Min(offset, file.Length), (int)Math.Min(length, Math.Max(0, file.Length - offset))).ToArray());

        /// <summary>Page 2 is the root, holding "key" (its own empty page 3) and "members" inline; meta 1 is the newer.</summary>
        public static byte[] Inline(List<(byte[] Key, byte[] Value)> members)
        {
            var inline = Concat(BucketHeader(0), Leaf(0, members.Select(m => (0u, m.Key, m.Value)).ToList(), fixedSize: false));
            var root = Leaf(2, [(1u, "key"u8.ToArray(), BucketHeader(3)), (1u, "members"u8.ToArray(), inline)]);
            return Concat(Meta(0, root: 99, txid: 1), Meta(1, root: 2, txid: 2), root, Leaf(3, []));
        }

        /// <summary>The root (page 2) points "members" at branch page 3, whose leaves are pages 4 and 5.</summary>
        public static byte[] Paged(List<(byte[] Key, byte[] Value)> first, List<(byte[] Key, byte[] Value)> second)
        {
            var root = Leaf(2, [(1u, "members"u8.ToArray(), BucketHeader(3))]);
            var branch = Branch(3, [(first[0].Key, 4UL), (second[0].Key, 5UL)]);
            return Concat(Meta(0, root: 2, txid: 7), Meta(1, root: 99, txid: 6), root, branch,
                Leaf(4, first.Select(m => (0u, m.Key, m.Value)).ToList()), Leaf(5, second.Select(m => (0u, m.Key, m.Value)).ToList()));
        }

        private static byte[] BucketHeader(ulong root)
        {
            var header = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(header, root);
            return header;
        }

        private static byte[] Meta(ulong id, ulong root, ulong txid)
        {
            var page = Header(id, 0x04, 0);
            var meta = page.AsSpan(16);
            BinaryPrimitives.WriteUInt32LittleEndian(meta, 0xED0CDAED);
            BinaryPrimitives.WriteUInt32LittleEndian(meta[4..], 2);
            BinaryPrimitives.WriteUInt32LittleEndian(meta[8..], PageSize);
            BinaryPrimitives.WriteUInt64LittleEndian(meta[16..], root);
            BinaryPrimitives.WriteUInt64LittleEndian(meta[32..], 100);
            BinaryPrimitives.WriteUInt64LittleEndian(meta[40..], 100);
            BinaryPrimitives.WriteUInt64LittleEndian(meta[48..], txid);
            var hash = 14695981039346656037UL;
            foreach (var b in meta[..56])
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            BinaryPrimitives.WriteUInt64LittleEndian(meta[56..], hash);
            return page;
        }

        private static byte[] Leaf(ulong id, List<(uint Flags, byte[] Key, byte[] Value)> entries, bool fixedSize = true)
        {
            var data = new List<byte>();
            var page = Header(id, 0x02, entries.Count, fixedSize ? PageSize : 16 + (16 * entries.Count) + entries.Sum(e => e.Key.Length + e.Value.Length));
            var dataStart = 16 + (16 * entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var element = page.AsSpan(16 + (16 * i));
                BinaryPrimitives.WriteUInt32LittleEndian(element, entries[i].Flags);
                BinaryPrimitives.WriteUInt32LittleEndian(element[4..], (uint)(dataStart + data.Count - (16 + (16 * i))));
                BinaryPrimitives.WriteUInt32LittleEndian(element[8..], (uint)entries[i].Key.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(element[12..], (uint)entries[i].Value.Length);
                data.AddRange(entries[i].Key);
                data.AddRange(entries[i].Value);
            }
            data.ToArray().CopyTo(page, dataStart);
            return page;
        }

        private static byte[] Branch(ulong id, List<(byte[] Key, ulong Page)> children)
        {
            var data = new List<byte>();
            var page = Header(id, 0x01, children.Count);
            var dataStart = 16 + (16 * children.Count);
            for (var i = 0; i < children.Count; i++)
            {
                var element = page.AsSpan(16 + (16 * i));
                BinaryPrimitives.WriteUInt32LittleEndian(element, (uint)(dataStart + data.Count - (16 + (16 * i))));
                BinaryPrimitives.WriteUInt32LittleEndian(element[4..], (uint)children[i].Key.Length);
                BinaryPrimitives.WriteUInt64LittleEndian(element[8..], children[i].Page);
                data.AddRange(children[i].Key);
            }
            data.ToArray().CopyTo(page, dataStart);
            return page;
        }

        private static byte[] Header(ulong id, ushort flags, int count, int size = PageSize)
        {
            var page = new byte[size];
            BinaryPrimitives.WriteUInt64LittleEndian(page, id);
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), flags);
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(10), (ushort)count);
            return page;
        }

        private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
    }
}
