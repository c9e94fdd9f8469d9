using HaCluster.Spec;

namespace HaCluster.Tests.Fakes;

/// <summary>Loads config text with a fake environment: given variables, given existing files, a fixed home.</summary>
internal static class Specs
{
    public const string Home = "/home/tester";

    public static SpecEnvironment Environment(IReadOnlyDictionary<string, string>? variables = null, params string[] existingFiles) => new()
    {
        GetVariable = name => variables?.GetValueOrDefault(name),
        FileExists = existingFiles.Contains,
        HomeDirectory = Home,
        BaseDirectory = "/work/configs",
    };

    public static SpecLoadResult Load(string yaml, IReadOnlyDictionary<string, string>? variables = null, params string[] existingFiles) =>
        SpecLoader.Load(yaml, Environment(variables, existingFiles));

    /// <summary>Loads a config that must be valid, failing with its errors otherwise.</summary>
    public static SpecLoadResult LoadValid(string yaml, IReadOnlyDictionary<string, string>? variables = null, params string[] existingFiles)
    {
        var result = Load(yaml, variables, existingFiles);
        result.Errors.Should().BeEmpty();
        return result;
    }

    public static string Messages(this SpecLoadResult result) => string.Join("\n", result.Errors.Concat(result.Warnings));
}
