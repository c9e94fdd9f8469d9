namespace HaCluster.EndToEnd.Lab;

/// <summary>
/// The lab the lab's own tests share: h1-h2 load balancers (keepalived tests), h3 a sudo user without
/// password, h4 a sudo user with one, h5 sshd on port 2222, h6 the fault target, h7 the one powered off.
/// </summary>
public sealed class SelfTestLab() : Lab(new LabOptions
{
    Hosts = 7,
    HostOptions = ["h3:user=deploy,sudo=nopasswd", "h4:user=deploy,sudo=password", "h5:port=2222"],
});

[CollectionDefinition(Name)]
public sealed class SharedSelfTestLab : ICollectionFixture<SelfTestLab>
{
    public const string Name = "lab self-test";
}
