using System.Text.Json.Nodes;

namespace K0sStandIn.Kube;

/// <summary>
/// RFC 7386 JSON merge patch. Strategic merge patches of the fields kubectl changes on nodes (spec.unschedulable,
/// labels, annotations) have the same meaning, so both content types are applied with it.
/// </summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (name.StartsWith('$'))
            {
                continue; // strategic-merge directives ($patch, $retainKeys…)
            }

            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
