namespace HaCluster.EndToEnd; public class Smoke { [Fact] public void Builds() => true.Should().BeTrue(); }
