using System.Text.Json;
using System.Text.Json.Nodes;
using K0sStandIn.Pki;

namespace K0sStandIn.Config;

/// <summary>
/// The running service's config and paths, written to &lt;run-dir&gt;/k0s.yaml at start as k0s does, so that other
/// commands (token create, kubeconfig admin, etcd leave) act on what actually runs.
/// </summary>
internal static class RuntimeConfig
{
    public static void Write(K0sVars vars, ClusterConfig? config)
    {
        var document = new JsonObject
        {
            ["apiVersion"] = "k0s.k0sproject.io/v1beta1",
            ["kind"] = "RuntimeConfig",
            ["spec"] = new JsonObject
            {
                ["nodeConfig"] = config is null ? null : JsonSerializer.SerializeToNode(config, ClusterConfigJson.Default.ClusterConfig),
                ["k0sVars"] = JsonSerializer.SerializeToNode(vars, GoNamesJson.Default.K0sVars),
                ["pid"] = Environment.ProcessId,
            },
        };
        PemFiles.Write(vars.RuntimeConfigPath, document.ToJsonString() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static void Remove(K0sVars vars) => File.Delete(vars.RuntimeConfigPath);

    /// <summary>The running service's paths and config, if one is running (its runtime config exists).</summary>
    public static (K0sVars Vars, ClusterConfig? Config)? TryRead(string runDir)
    {
        var path = Path.Combine(runDir, "k0s.yaml");
        if (!File.Exists(path))
        {
            return null;
        }

        var spec = JsonNode.Parse(File.ReadAllText(path))?["spec"];
        var vars = spec?["k0sVars"]?.Deserialize(GoNamesJson.Default.K0sVars);
        if (vars is null)
        {
            return null;
        }

        var config = spec?["nodeConfig"] is JsonObject node ? node.Deserialize(ClusterConfigJson.Default.ClusterConfig) : null;
        return (vars, config);
    }

    public static JsonNode VarsNode(K0sVars vars) => JsonSerializer.SerializeToNode(vars, GoNamesJson.Default.K0sVars)!;
}
