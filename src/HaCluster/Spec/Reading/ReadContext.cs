using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>What reading one config file shares: where every path is, the problems found so far, the environment.</summary>
internal sealed class ReadContext(SourceMap map, Func<string, string?> getVariable)
{
    public SourceMap Map { get; } = map;
    public List<SpecError> Problems { get; } = [];

    public void Error(string path, string message) => Problems.Add(new SpecError(path, Map.Find(path), message));

    public void Error(string path, SourcePosition position, string message) => Problems.Add(new SpecError(path, position, message));

    public void Warning(string path, string message) =>
        Problems.Add(new SpecError(path, Map.Find(path), message, IsWarning: true));

    /// <summary>The scalar's text after <c>${VAR}</c> substitution; null for a YAML null or a non-scalar (reported).</summary>
    public string? Scalar(YamlNode node, string path)
    {
        if (YamlNodes.IsNull(node))
        {
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(path, $"expected a single value, not a {YamlNodes.Describe(node)}");
            return null;
        }
        return Substitute(scalar.Value ?? "", path);
    }

    public string Substitute(string text, string path)
    {
        var (value, unset) = EnvSubstitution.Apply(text, getVariable);
        foreach (var name in unset)
        {
            Error(path, $"environment variable {name} is not set (write $$ for a literal $)");
        }
        return value;
    }
}
