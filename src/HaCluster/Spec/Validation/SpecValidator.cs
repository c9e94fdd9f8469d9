namespace HaCluster.Spec.Validation;

/// <summary>Runs every validator over a read spec; problems come back sorted by where they are in the file.</summary>
internal static class SpecValidator
{
    private static readonly ISpecValidator[] Validators =
    [
        new ClusterFieldsValidator(),
        new HostsValidator(),
        new ConnectionValidator(),
        new TransportValidator(),
        new HostFieldsValidator(),
        new LoadBalancerValidator(),
        // Before the validators that read the k0s config, so a value of the wrong shape is reported as such.
        new K0sConfigShapeValidator(),
        new CplbValidator(),
        new K0sConfigValidator(),
        new K0sStorageValidator(),
        new K0sPortsValidator(),
        new ControlPlaneSizeValidator(),
    ];

    public static void Validate(SpecDocument document, SpecEnvironment environment, List<SpecError> problems)
    {
        var context = new ValidationContext(document, environment, problems);
        foreach (var validator in Validators)
        {
            validator.Validate(context);
        }
    }
}
