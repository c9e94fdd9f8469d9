using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;

namespace K0sStandIn.Commands;

/// <summary><c>k0s config validate --config=F</c>: silent on success; strict about unknown fields.</summary>
internal static class ConfigValidateCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, FlagSets.ConfigFile);

    public static Task<int> RunAsync(ParsedArgs args)
    {
        var config = ConfigDefaults.Apply(ConfigLoader.Load(args.String("config")), HostFacts.Detect(), singleNode: false);
        var errors = ConfigValidator.Validate(config);
        return errors.Count == 0 ? Task.FromResult(0) : throw new CliException(string.Join('\n', errors));
    }
}
