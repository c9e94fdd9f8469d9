using System.CommandLine;
using HaCluster.Operations;
using HaCluster.Pipeline;

namespace HaCluster.Cli.Commands;

/// <summary><c>hactl kubeconfig</c>: the admin kubeconfig on stdout, its server the load balancer (or --address).</summary>
internal static class KubeconfigCommand
{
    public static Command Create(CliConsole console)
    {
        var config = ConfigOption.Create();
        var run = new RunOptionsBinding();
        var address = new Option<string?>("--address")
        {
            Description = "Address for the kubeconfig's server instead of the load balancer's",
            HelpName = "HOST",
        };
        var command = new Command("kubeconfig", "Print the cluster's admin kubeconfig") { config, address };
        run.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var hostRun = HostRun.Open(parseResult, console, config, run, KubeconfigOperation.Name, ScreenEvents.OnStderr);
            if (hostRun is null)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }

            var outcome = await hostRun.RunAsync(transport => KubeconfigOperation.Create(transport, parseResult.GetValue(address)), cancellationToken);

            if (outcome.Status == RunStatus.Succeeded && outcome.Result is { } kubeconfig)
            {
                await console.Out.WriteAsync(kubeconfig.Yaml);
                return ExitCodes.Ok;
            }
            return outcome.Status == RunStatus.Cancelled ? ExitCodes.Interrupted : ExitCodes.HostFailed;
        });
        return command;
    }
}
