using HaCluster.Model;
using HaCluster.Remote;

namespace HaCluster.Spec.Validation;

/// <summary>
/// Whether the run's transport can reach each host as written: an openSSH: block needs OpenSSH to be usable here
/// (under auto), and its configPath and options need it outright (under sshnet). Only when a transport is given.
/// </summary>
internal sealed class TransportValidator : ISpecValidator
{
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Environment.Transport is not { } setting)
        {
            return;
        }
        foreach (var (host, path) in context.Hosts)
        {
            var (block, blockPath, settings) = host switch
            {
                { Ssh: not null } => (ConnectionBlock.Ssh, $"{path}.ssh", []),
                { OpenSsh: { } openSsh } => (ConnectionBlock.OpenSsh, $"{path}.openSSH",
                    TransportResolver.OpenSshOnlySettings(openSsh.ConfigPath, openSsh.Options.Count)),
                _ => (ConnectionBlock.Localhost, path, (IReadOnlyList<string>)[]),
            };
            foreach (var problem in TransportResolver.Resolve(setting, block, settings).Problems)
            {
                context.Error(problem.Field.Length == 0 ? blockPath : $"{blockPath}.{problem.Field}", problem.Message);
            }
        }
    }
}
