namespace HaCluster.Spec.Validation;

/// <summary>What a role string means, before the model turns it into a HostRole.</summary>
internal static class RoleRules
{
    public static bool IsController(string role) => role is Roles.Controller or Roles.ControllerWorker or Roles.Single;
}
