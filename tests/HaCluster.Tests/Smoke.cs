namespace HaCluster.Tests; public class Smoke { [Fact] public void Builds() => true.Should().BeTrue(); }
