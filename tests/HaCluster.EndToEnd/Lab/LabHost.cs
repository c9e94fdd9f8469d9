namespace HaCluster.EndToEnd.Lab;

/// <summary>One entry of the lab's hosts.json.</summary>
/// <param name="Role">loadbalancer, controller, worker, or external-loadbalancer (topology external's h1).</param>
/// <param name="Os">debian-12, ubuntu-22.04 or ubuntu-24.04.</param>
/// <param name="Sudo">nopasswd, password or none (none also for root, who needs no sudo).</param>
/// <param name="SudoPassword">The user's password when <paramref name="Sudo"/> is password.</param>
public sealed record LabHost(
    string Name,
    string Address,
    int Port,
    string User,
    string KeyPath,
    string Role,
    string Os,
    string Sudo,
    string? SudoPassword = null);
