namespace HaCluster.Pipeline;

/// <summary>
/// An operation declined to act because acting would be unsafe or wrong (e.g. ejecting a controller would break etcd
/// quorum). Thrown before anything is changed; commands turn it into their "refused" exit code.
/// </summary>
public sealed class RefusedException : Exception
{
    public RefusedException(string message) : base(message) { }

    public RefusedException() : this("refused") { }

    public RefusedException(string message, Exception innerException) : base(message, innerException) { }
}
