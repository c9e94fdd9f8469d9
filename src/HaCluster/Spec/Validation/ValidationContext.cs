using HaCluster.Spec.Reading;

namespace HaCluster.Spec.Validation;

/// <summary>What every validator sees: the spec, where its paths stand, the local environment, one list of problems.</summary>
internal sealed class ValidationContext(SpecDocument document, SpecEnvironment environment, List<SpecError> problems)
{
    public ClusterSpec Spec => document.Spec;
    public SpecEnvironment Environment { get; } = environment;
    public K0sConfigView K0sConfig { get; } = new(document.Spec.K0s.Config, document.K0sConfigPath);

    /// <summary>Adds an error, unless the path already has one (from reading, say): one cause, one message.</summary>
    public void Error(string path, string message)
    {
        if (!problems.Any(p => p.Path == path && !p.IsWarning))
        {
            problems.Add(new SpecError(path, document.Map.Find(path), message));
        }
    }

    public void Warning(string path, string message) =>
        problems.Add(new SpecError(path, document.Map.Find(path), message, IsWarning: true));

    public bool Has(string path) => document.Map.Contains(path);

    public static string HostPath(int index) => YamlNodes.Item("spec.hosts", index);

    /// <summary>Hosts with their positions in spec.hosts, for messages.</summary>
    public IEnumerable<(HostSpec Host, string Path)> Hosts => Spec.Hosts.Select((h, i) => (h, HostPath(i)));

    public IEnumerable<(HostSpec Host, string Path)> Controllers => Hosts.Where(h => RoleRules.IsController(h.Host.Role));
}
