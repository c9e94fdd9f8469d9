namespace HaCluster.EndToEnd.Lab;

/// <summary>The lab could not do what a test asked (bring-up, a command, a fault).</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
