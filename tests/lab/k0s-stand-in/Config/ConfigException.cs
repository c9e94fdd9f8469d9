namespace K0sStandIn.Config;

/// <summary>A config file that cannot be read or does not validate.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ConfigException()
    {
    }
}
