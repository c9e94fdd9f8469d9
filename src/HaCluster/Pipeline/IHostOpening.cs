using HaCluster.Remote;

namespace HaCluster.Pipeline;

/// <summary>
/// A phase's first command on each host, run by the connecting phase in the round trip that connects (OpenSSH: on the
/// master's own connection), its answer handed back to the phase that asked for it.
/// </summary>
public interface IHostOpening
{
    /// <summary>The command to run first on <paramref name="host"/>; called just before it is sent.</summary>
    RemoteCommand CommandFor(RunContext context, HostSession host);

    /// <summary>The result of the command <see cref="CommandFor"/> gave, whatever its exit.</summary>
    void Answered(HostSession host, RemoteCommand command, CommandResult result);
}
