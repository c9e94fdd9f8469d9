using System.Runtime.InteropServices;

namespace K0sStandIn.Hosting;

/// <summary>The few libc calls .NET has no API for.</summary>
internal static partial class Libc
{
    public const int SigTerm = 15;
    public const int SigHup = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int GetParentPid();
}
