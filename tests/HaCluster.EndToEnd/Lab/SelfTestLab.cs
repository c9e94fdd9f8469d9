namespace HaCluster.EndToEnd.Lab;

/// <summary>
/// The lab most of the lab's own tests share (haproxy-keepalived, 5 hosts): h1-h2 load balancers (the
/// keepalived tests use them), h3 a sudo user without password, h4 a sudo user with one, h5 sshd on
/// port 2222. No test here breaks a host: the faults have a lab of their own (<see cref="FaultLab"/>).
/// </summary>
public sealed class SelfTestLab() : Lab(new LabOptions
{
    Hosts = 5,
    HostOptions = ["h3:user=deploy,sudo=nopasswd", "h4:user=deploy,sudo=password", "h5:port=2222"],
});

[CollectionDefinition(Name)]
public sealed class SharedSelfTestLab : ICollectionFixture<SelfTestLab>
{
    public const string Name = "lab self-test";
}

/// <summary>h1 takes the faults, h2 looks on, h3 is powered off.</summary>
public sealed class FaultLab() : Lab(new LabOptions { Hosts = 3 });
