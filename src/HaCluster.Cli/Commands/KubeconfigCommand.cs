using System.CommandLine;
using HaCluster.Cli.Events;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.Remote;

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
            var loaded = ConfigOption.Load(parseResult.GetRequiredValue(config), console);
            if (loaded.Model is not { } model)
            {
                return ExitCodes.InvalidConfigOrUsage;
            }
            using var log = run.OpenLog(parseResult, KubeconfigOperation.Name);
            // stdout is the kubeconfig itself; progress goes to stderr, and only what matters.
            IEventSink screen = run.Json(parseResult) ? new JsonEventSink(console.Error) : new ProblemsOnlySink(new TextEventSink(console.Error));
            var context = new RunContext(model, run.RunOptions(parseResult), new FanOutSink(screen, log), KubeconfigOperation.Name);
            await using var transport = new OpenSshTransport(run.TransportOptions(parseResult, log, context.Secrets));

            var outcome = await OperationRunner.RunAsync(KubeconfigOperation.Create(transport, parseResult.GetValue(address)), context, cancellationToken);

            if (outcome.Status == RunStatus.Succeeded && context.State.TryGet<FetchedKubeconfig>() is { } kubeconfig)
            {
                await console.Out.WriteAsync(kubeconfig.Yaml);
                return ExitCodes.Ok;
            }
            return outcome.Status == RunStatus.Cancelled ? ExitCodes.Interrupted : ExitCodes.HostFailed;
        });
        return command;
    }
}
