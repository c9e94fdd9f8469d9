namespace HaCluster.Spec.Validation;

/// <summary>One concern of the config (hosts, SSH, the load balancer…): adds what is wrong, never throws.</summary>
internal interface ISpecValidator
{
    void Validate(ValidationContext context);
}
