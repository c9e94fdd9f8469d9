namespace HaCluster.EndToEnd.Lab;

// Ready-made labs for test classes: IClassFixture<FiveHostLab> gives a class its own lab, or
// [Collection(SharedFiveHostLab.Name)] shares one lab between classes. Hosts are in role order
// (see docs/lab.md): load balancers, then controllers, then workers.

/// <summary>haproxy-keepalived: h1 load balancer, h2 controller.</summary>
public sealed class TwoHostLab() : Lab(new LabOptions { Hosts = 2 });

/// <summary>haproxy-keepalived: h1-h2 load balancers, h3-h5 controllers.</summary>
public sealed class FiveHostLab() : Lab(new LabOptions { Hosts = 5 });

/// <summary>haproxy-keepalived: h1-h2 load balancers, h3-h5 controllers, h6-h7 workers.</summary>
public sealed class SevenHostLab() : Lab(new LabOptions { Hosts = 7 });

/// <summary>cplb: h1-h3 controllers, h4 worker.</summary>
public sealed class CplbLab() : Lab(new LabOptions { Hosts = 4, Topology = LabTopologies.Cplb });

/// <summary>external: h1 the lab-made external HAProxy (not a cluster host), h2-h4 controllers, h5 worker.</summary>
public sealed class ExternalLbLab() : Lab(new LabOptions { Hosts = 5, Topology = LabTopologies.External });

[CollectionDefinition(Name)]
public sealed class SharedFiveHostLab : ICollectionFixture<FiveHostLab>
{
    public const string Name = "five-host lab";
}

[CollectionDefinition(Name)]
public sealed class SharedSevenHostLab : ICollectionFixture<SevenHostLab>
{
    public const string Name = "seven-host lab";
}
