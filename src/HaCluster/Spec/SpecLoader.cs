using HaCluster.Model;
using HaCluster.Remote;
using HaCluster.Spec.Reading;
using HaCluster.Spec.Validation;

namespace HaCluster.Spec;

/// <summary>
/// Config text in, a valid spec and its cluster model out, or every problem at once with its YAML path and
/// line. Nothing here contacts a host; local files (keys, binaries) are only checked for existence.
/// </summary>
public static class SpecLoader
{
    public static SpecLoadResult Load(string text, SpecEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<SpecError>();
        var document = ClusterSpecReader.Read(text, environment.GetVariable, problems);
        if (document is not null)
        {
            document = InstallFlagDefaults.Apply(document, problems);
            SpecValidator.Validate(document, environment, problems);
        }
        var sorted = problems.OrderBy(p => p.Position?.Line ?? 0).ThenBy(p => p.Position?.Column ?? 0).ToList();
        var errors = sorted.Where(p => !p.IsWarning).ToList();
        return new SpecLoadResult
        {
            Document = document,
            Model = document is not null && errors.Count == 0 ? ClusterModelBuilder.Build(document.Spec, environment.Paths) : null,
            Errors = errors,
            Warnings = sorted.Where(p => p.IsWarning).ToList(),
        };
    }

    /// <summary>Loads a file; relative local paths in it resolve against the file's directory, as in k0sctl.</summary>
    public static SpecLoadResult LoadFile(string path, Func<string, string?>? getVariable = null, TransportSetting? transport = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return new SpecLoadResult { Errors = [new SpecError("", null, $"cannot read {path}: {reason}")] };
        }
        return Load(text, SpecEnvironment.FromProcess(Path.GetDirectoryName(fullPath)!, getVariable, transport));
    }
}
