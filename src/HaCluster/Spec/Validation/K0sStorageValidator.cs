namespace HaCluster.Spec.Validation;

/// <summary>
/// spec.storage of the k0s config: what k0s accepts, and what apply needs. Apply verifies etcd's membership with
/// <c>k0s etcd member-list</c> on every run, and k0s refuses that command for kine ("wrong storage type") and for an
/// external etcd cluster, so only etcd run by k0s on the controllers can get through apply.
/// </summary>
internal sealed class K0sStorageValidator : ISpecValidator
{
    private const string Etcd = "etcd";
    private const string Kine = "kine";

    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.K0sConfig;
        var typePath = config.PathOf("spec.storage.type");
        var type = config.Text("spec.storage.type") ?? Etcd;
        if (type == Kine)
        {
            context.Error(typePath, KineProblem(context.Controllers.Count(), config.Text("spec.storage.kine.dataSource")));
        }
        else if (type != Etcd)
        {
            context.Error(typePath, $"unknown storage type '{type}'; k0s supports {Etcd} and {Kine}, and hactl needs {Etcd}");
        }
        else if (config.Node("spec.storage.etcd.externalCluster") is not null)
        {
            context.Error(config.PathOf("spec.storage.etcd.externalCluster"),
                "an external etcd cluster cannot be used: apply checks etcd membership with 'k0s etcd member-list', which k0s " +
                "refuses for an external cluster; leave externalCluster out so k0s runs etcd on the controllers");
        }
    }

    /// <summary>Without a shared database, each controller's kine keeps its own SQLite file: one cluster per controller.</summary>
    private static string KineProblem(int controllers, string? dataSource)
    {
        var perController = dataSource is null || dataSource.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase);
        if (controllers > 1 && perController)
        {
            var source = dataSource is null ? "no kine.dataSource" : "a SQLite kine.dataSource";
            return $"storage type {Kine} with {controllers} controllers and {source}: each controller would keep its own SQLite " +
                   $"database, so the {controllers} controllers would be {controllers} separate clusters; use storage type {Etcd}";
        }
        return $"storage type {Kine} cannot be used: apply checks etcd membership with 'k0s etcd member-list', which k0s refuses " +
               $"for {Kine}; use storage type {Etcd} (k0s's default)";
    }
}
