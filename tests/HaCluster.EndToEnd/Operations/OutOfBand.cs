using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>Looks at the lab's hosts directly (lab exec, real kubectl), never through hactl.</summary>
internal static class OutOfBand
{
    // What eject and reset must leave behind on a k0s host: nothing of these.
    private const string LeftoversScript = """
        for p in /etc/systemd/system/k0scontroller.service /etc/systemd/system/k0sworker.service /etc/cni /opt/cni \
                 /etc/k0s/k0s.yaml /etc/k0s/k0stoken /run/k0s; do
          if [ -e "$p" ]; then echo "$p"; fi
        done
        if [ -n "$(ls -A /var/lib/k0s 2>/dev/null)" ]; then echo "/var/lib/k0s (not empty)"; fi
        for p in k0s etcd kube-apiserver; do if pgrep -x "$p" >/dev/null; then echo "process $p"; fi; done
        true
        """;

    // What reset must leave on a load balancer host: no running HAProxy or keepalived, no file of hactl's.
    private const string LoadBalancerLeftoversScript = """
        for u in haproxy keepalived; do if systemctl is-active --quiet "$u"; then echo "$u active"; fi; done
        for f in /etc/haproxy/haproxy.cfg /etc/keepalived/keepalived.conf /etc/keepalived/check_apiserver.sh; do
          if [ -f "$f" ] && grep -q 'Managed by hactl' "$f"; then echo "$f"; fi
        done
        if [ -e /etc/sysctl.d/90-hactl-nonlocal-bind.conf ]; then echo /etc/sysctl.d/90-hactl-nonlocal-bind.conf; fi
        true
        """;

    /// <summary>The peer URLs etcd lists, asked with k0s on a controller.</summary>
    public static async Task<IReadOnlyList<string>> MembersAsync(Lab.Lab lab, string controller) =>
        [.. (await ClusterChecks.EtcdMembersAsync(lab, controller)).Values.Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> PeerUrls(Lab.Lab lab, params string[] hosts) =>
        [.. hosts.Select(h => $"https://{lab.Host(h).Address}:2380").Order(StringComparer.Ordinal)];

    /// <summary>"backend server" pairs the running HAProxy on a load balancer host has, from its admin socket.</summary>
    public static async Task<IReadOnlyList<string>> BackendServersAsync(Lab.Lab lab, string loadBalancer)
    {
        var state = (await lab.ExecAsync(loadBalancer, "sh", "-c", "echo 'show servers state' | socat stdio /run/haproxy/admin.sock"))
            .ThrowIfFailed().StdOut;
        // Lines: "<be_id> <be_name> <srv_id> <srv_name> <srv_addr> ..."; the first two are the format version and a header.
        return [.. state.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Where(words => words.Length > 4 && int.TryParse(words[0], out _))
            .Select(words => $"{words[1]} {words[4]}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The backend/server pairs a load balancer should have for these controllers.</summary>
    public static IReadOnlyList<string> ExpectedBackendServers(Lab.Lab lab, params string[] controllers) =>
        [.. new[] { "kube_api_controllers", "konnectivity_controllers", "k0s_join_api_controllers" }
            .SelectMany(backend => controllers.Select(c => $"{backend} {lab.Host(c).Address}"))
            .Order(StringComparer.Ordinal)];

    /// <summary>What of k0s is still on the host (units, data, CNI, hactl's files, processes); empty when clean.</summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(Lab.Lab lab, string host) =>
        (await lab.ExecAsync(host, "sh", "-c", LeftoversScript)).ThrowIfFailed().StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What of the load balancer hactl set up is still on the host (running services, its files); empty when clean.</summary>
    public static async Task<IReadOnlyList<string>> LoadBalancerLeftoversAsync(Lab.Lab lab, string host) =>
        (await lab.ExecAsync(host, "sh", "-c", LoadBalancerLeftoversScript)).ThrowIfFailed().StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Polls /readyz through the VIP with the real kubectl until <paramref name="until"/> completes; the failures seen.</summary>
    public static async Task<(int Polls, IReadOnlyList<string> Failures)> PollReadyzAsync(string kubeconfig, Task until)
    {
        var polls = 0;
        var failures = new List<string>();
        while (!until.IsCompleted)
        {
            var readyz = await ClusterChecks.KubectlReadyzAsync(kubeconfig);
            polls++;
            if (!readyz.Succeeded || readyz.StdOut.Trim() != "ok")
            {
                failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {readyz.StdOut.Trim()} {readyz.StdErr.Trim()}");
            }
            await Task.WhenAny(until, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
        return (polls, failures);
    }

    /// <summary>Waits until a restarted controller's API answers /readyz again.</summary>
    public static Task WaitForApiAsync(Lab.Lab lab, string controller) =>
        Poll.UntilAsync($"{controller}'s API to be ready", TimeSpan.FromMinutes(2), async () =>
            (await lab.ExecAsync(controller, "k0s", "kubectl", "get", "--raw=/readyz")).StdOut.Trim() == "ok");
}
