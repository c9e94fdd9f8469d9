namespace HaCluster.State;

/// <summary>The kubeconfig a run fetched; it holds a client key, so it only ever goes to stdout or a 0600 file.</summary>
public sealed record FetchedKubeconfig(string Yaml);

/// <summary>What apply hands its command: the admin kubeconfig when it was asked to fetch one.</summary>
public sealed record ApplyResult(FetchedKubeconfig? Kubeconfig);
