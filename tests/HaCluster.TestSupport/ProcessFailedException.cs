namespace HaCluster.TestSupport;

/// <summary>A process a test relied on exited with a failure.</summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException()
    {
    }

    public ProcessFailedException(string message)
        : base(message)
    {
    }

    public ProcessFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
