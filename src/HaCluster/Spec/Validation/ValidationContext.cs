using System.Globalization;
using HaCluster.K0s;
using HaCluster.Spec.Reading;
using YamlDotNet.RepresentationModel;

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

    /// <summary>An error when spec.k0s.version is known and older than the feature needs.</summary>
    public void RequireK0sVersion(K0sVersion minimum, string path, string feature)
    {
        if (K0sVersion.Parse(Spec.K0s.Version) is { } version && version < minimum)
        {
            Error(path, $"{feature}: needs k0s {minimum.Core} or later (spec.k0s.version is {Spec.K0s.Version})");
        }
    }

    /// <summary>The whole number a k0s config value holds, null when absent; an error when it is something else.</summary>
    public int? WholeNumber(YamlNode? node, string path)
    {
        if (K0sConfigView.Text(node) is not { } text)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(path, $"expected a whole number, not '{text}'");
        return null;
    }

    public static string HostPath(int index) => YamlNodes.Item("spec.hosts", index);

    /// <summary>Hosts with their positions in spec.hosts, for messages.</summary>
    public IEnumerable<(HostSpec Host, string Path)> Hosts => Spec.Hosts.Select((h, i) => (h, HostPath(i)));

    /// <summary>The path of the first host whose private or connect address is the given IP, or null.</summary>
    public string? HostWithAddress(System.Net.IPAddress address) =>
        Hosts.FirstOrDefault(h => IsAddress(h.Host.PrivateAddress, address) || IsAddress(h.Host.ConnectAddress, address)).Path;

    private static bool IsAddress(string? text, System.Net.IPAddress address) =>
        text is not null && Addresses.TryParseIP(text, out var ip) && ip.Equals(address);

    public IEnumerable<(HostSpec Host, string Path)> Controllers => Hosts.Where(h => RoleRules.IsController(h.Host.Role));
}
