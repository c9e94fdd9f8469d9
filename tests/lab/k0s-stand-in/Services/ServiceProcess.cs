using System.Runtime.InteropServices;
using System.Text;
using K0sStandIn.Hosting;
using K0sStandIn.Install;

namespace K0sStandIn.Services;

/// <summary>What a long-running k0s service knows about itself: its argv, its init system, its stop signal.</summary>
internal static class ServiceProcess
{
    /// <summary>The full argv, as Go's os.Args has it.</summary>
    public static IReadOnlyList<string> Argv()
    {
        var cmdline = File.ReadAllBytes("/proc/self/cmdline");
        return [.. Encoding.UTF8.GetString(cmdline).TrimEnd('\0').Split('\0')];
    }

    public static int ParentPid => Libc.GetParentPid();

    public static (string SysInit, string StubFile) InitSystem(string role)
    {
        if (!Directory.Exists("/run/systemd/system"))
        {
            return ("", "");
        }

        var unit = SystemdUnit.PathFor(role);
        return ("linux-systemd", File.Exists(unit) ? unit : "");
    }

    /// <summary>A token cancelled by SIGTERM or SIGINT, so the service can stop its children before it exits.</summary>
    public static CancellationTokenSource StopOnSignals(out IDisposable registrations)
    {
        var stop = new CancellationTokenSource();
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        registrations = new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler));
        return stop;
    }

    private sealed class Registrations(params IDisposable[] all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in all)
            {
                registration.Dispose();
            }
        }
    }
}
