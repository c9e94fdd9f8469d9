using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Hosting;
using K0sStandIn.Install;
using K0sStandIn.Pki;

namespace K0sStandIn.Commands;

/// <summary>
/// <c>k0s install controller|worker</c>: writes the systemd unit whose ExecStart repeats the flags given (sorted,
/// as --name=value), then <c>systemctl enable</c> and <c>daemon-reload</c>; starts it only with --start.
/// </summary>
internal static class InstallCommand
{
    public static readonly FlagSpec[] ControllerFlags = FlagSets.Of(FlagSets.Install, FlagSets.Persistent, FlagSets.Controller, FlagSets.Worker);
    public static readonly FlagSpec[] WorkerFlags = FlagSets.Of(FlagSets.Install, FlagSets.Persistent, FlagSets.Worker);

    public static Task<int> RunAsync(string role, ParsedArgs args)
    {
        CommandContext.RequireRoot();
        if (role == "controller")
        {
            ValidateConfig(args);
        }

        var unitPath = SystemdUnit.PathFor(role);
        var service = SystemdUnit.ServiceName(role);
        if (File.Exists(unitPath))
        {
            if (!args.Bool("force"))
            {
                throw new CliException($"failed to install {role} service: Init already exists: {unitPath}");
            }

            Log.Info($"Uninstalling {service} service");
            File.Delete(unitPath);
        }

        Log.Info($"Installing {service} service");
        var unit = SystemdUnit.Render(InstallArguments.For(role, args), args.List("env"));
        PemFiles.Write(unitPath, unit, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            Systemctl.Run("enable", service + ".service");
            Systemctl.Run("daemon-reload");
            if (args.Bool("start"))
            {
                Systemctl.Run("start", service + ".service");
            }
        }
        catch (CliException e)
        {
            throw new CliException($"failed to install {role} service: {e.Message}", e);
        }

        return Task.FromResult(0);
    }

    private static void ValidateConfig(ParsedArgs args)
    {
        ClusterConfig config;
        try
        {
            config = ConfigDefaults.Apply(ConfigLoader.Load(args.String("config")), HostFacts.Detect(), args.Bool("single"));
        }
        catch (ConfigException e)
        {
            throw new CliException("failed to load node config: " + e.Message, e);
        }

        var errors = ConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new CliException("invalid node config: " + string.Join('\n', errors));
        }
    }
}
