using HaCluster.TestSupport;

namespace HaCluster.Tests.Rendering.RealTools;

/// <summary>A real tool of this machine, run through the shared <see cref="ProcessRunner"/> once it is known to be installed.</summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static ProcessResult Run(string executable, params string[] arguments)
    {
        File.Exists(executable).Should().BeTrue($"{executable} must be installed (tests/install-packages installs it)");
        return ProcessRunner.Run(executable, arguments, Limit);
    }
}
