using HaCluster.Rendering;

namespace HaCluster.State;

/// <summary>The gathered cluster with the files each host should hold, rendered from the refined model.</summary>
public sealed record RenderedCluster : GatheredCluster
{
    public RenderedCluster(GatheredCluster gathered, OsDetected os, IReadOnlyList<RenderedFile> files)
        : base(gathered)
    {
        Os = os;
        Files = files;
    }

    /// <summary>Each host's OS: what configuring packages on it needs.</summary>
    public OsDetected Os { get; }

    public IReadOnlyList<RenderedFile> Files { get; }

    /// <summary>The files a host should hold.</summary>
    public DesiredFiles Of(GatheredHost host) => DesiredFiles.Of(Files, host);
}

/// <summary>The rendered files a host should hold.</summary>
public sealed record DesiredFiles(IReadOnlyList<RenderedFile> Files)
{
    public static DesiredFiles Of(IEnumerable<RenderedFile> files, GatheredHost host) =>
        new([.. (files ?? throw new ArgumentNullException(nameof(files))).Where(f => f.Host.Index == host?.Host.Index)]);

    public RenderedFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);
}
