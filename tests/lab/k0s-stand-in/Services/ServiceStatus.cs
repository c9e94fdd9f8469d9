using K0sStandIn.Config;
using K0sStandIn.Status;

namespace K0sStandIn.Services;

/// <summary>The status a service reports about itself: version, pids, role, argv, init system, paths.</summary>
internal static class ServiceStatus
{
    public static K0sStatus Create(string role, K0sVars vars)
    {
        var (sysInit, stubFile) = ServiceProcess.InitSystem(role);
        return new K0sStatus
        {
            Version = BuildInfo.Version,
            Pid = Environment.ProcessId,
            PPid = ServiceProcess.ParentPid,
            Role = role,
            SysInit = sysInit,
            StubFile = stubFile,
            Args = ServiceProcess.Argv(),
            K0sVars = RuntimeConfig.VarsNode(vars),
        };
    }
}
