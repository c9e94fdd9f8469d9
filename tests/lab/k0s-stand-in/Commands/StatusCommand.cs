using System.Text.Json;
using K0sStandIn.Cli;
using K0sStandIn.Config;
using K0sStandIn.Status;

namespace K0sStandIn.Commands;

/// <summary><c>k0s status [-o json|yaml]</c>: asks the running service over its status socket.</summary>
internal static class StatusCommand
{
    public static readonly FlagSpec[] Flags = FlagSets.Of(FlagSets.Persistent, [new("out", FlagKind.String, "o")]);

    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var vars = K0sVars.For(args.String("data-dir"), args.String("status-socket"));
        K0sStatus status;
        try
        {
            status = await StatusClient.GetAsync(vars.StatusSocketPath, CancellationToken.None);
        }
        catch (StatusUnavailableException e)
        {
            throw new CliException(e.Message, e);
        }

        switch (args.String("out"))
        {
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(status, JsonOutput.Indented3.GetTypeInfo(typeof(K0sStatus))));
                break;
            case "yaml":
                Console.WriteLine(YamlText.FromJson(JsonSerializer.SerializeToNode(status, Config.GoNamesJson.Default.K0sStatus)));
                break;
            default:
                Console.WriteLine($"Version: {status.Version}");
                Console.WriteLine($"Process ID: {status.Pid}");
                Console.WriteLine($"Role: {status.Role}");
                Console.WriteLine($"Workloads: {Go(status.Workloads)}");
                Console.WriteLine($"SingleNode: {Go(status.SingleNode)}");
                if (status.Workloads)
                {
                    Console.WriteLine($"Kube-api probing successful: {Go(status.WorkerToAPIConnectionStatus.Success)}");
                    Console.WriteLine($"Kube-api probing last error:  {status.WorkerToAPIConnectionStatus.Message}");
                }

                if (status.SysInit.Length > 0)
                {
                    Console.WriteLine($"Init System: {status.SysInit}");
                }

                if (status.StubFile.Length > 0)
                {
                    Console.WriteLine($"Service file: {status.StubFile}");
                }

                break;
        }

        return 0;
    }

    private static string Go(bool value) => value ? "true" : "false";
}
