using HaCluster.Model;

namespace HaCluster.Rendering;

/// <summary>A file hactl manages on a host: where it goes, what it holds, its mode (octal, e.g. "0600").</summary>
public sealed record RenderedFile(HostModel Host, string Path, string Content, string Mode);
