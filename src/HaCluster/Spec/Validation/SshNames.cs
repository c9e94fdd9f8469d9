namespace HaCluster.Spec.Validation;

/// <summary>
/// What the ssh client takes on its command line, where hactl passes the user (<c>-l</c>) and the destination.
/// OpenSSH (9.6, and distributions' back-ports such as Debian 12's 9.2) refuses names with shell metacharacters
/// there ("remote username contains invalid characters", "hostname contains invalid characters") before it connects.
/// </summary>
internal static class SshNames
{
    private const string UserForbidden = "'`\";&<>|(){}";
    private const string HostForbidden = "'`\"$\\;&<>|(){},";
    private static readonly System.Buffers.SearchValues<char> UserRefuses = System.Buffers.SearchValues.Create(UserForbidden);
    private static readonly System.Buffers.SearchValues<char> HostRefuses = System.Buffers.SearchValues.Create(HostForbidden);

    /// <summary>Why ssh (or the host's user database, which cannot hold ':') cannot take this login name, or null.</summary>
    public static string? UserProblem(string user)
    {
        if (user.Length == 0)
        {
            return "user must not be empty";
        }
        var refused = user[0] == '-'
            || user[^1] == '\\'
            || user.Any(char.IsControl)
            || user.AsSpan().ContainsAny(UserRefuses)
            || user.Zip(user.Skip(1)).Any(pair => char.IsWhiteSpace(pair.First) && pair.Second == '-');
        if (refused)
        {
            return $"'{user}' cannot be an ssh user: ssh refuses a name that starts with '-', ends with '\\', or holds control " +
                   $"characters or any of {UserForbidden}; use the login name, e.g. root or admin";
        }
        return user.Contains(':', StringComparison.Ordinal)
            ? $"'{user}' cannot be a user on the host: ':' separates the fields of /etc/passwd; use the login name, e.g. root or admin"
            : null;
    }

    /// <summary>
    /// Why ssh cannot take an openSSH address (an ssh_config Host alias, a host name or IP, or user@host), or null.
    /// ssh splits user@host at the last '@' and checks each part.
    /// </summary>
    public static string? DestinationProblem(string address)
    {
        var at = address.LastIndexOf('@');
        var host = at < 0 ? address : address[(at + 1)..];
        if (at >= 0 && UserProblem(address[..at]) is { } userProblem)
        {
            return userProblem;
        }
        var refused = host.Length == 0
            || host[0] == '-'
            || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || host.AsSpan().ContainsAny(HostRefuses);
        return refused
            ? $"'{address}' cannot be an ssh destination: ssh refuses a host that is empty, starts with '-', or holds spaces, " +
              $"control characters or any of {HostForbidden}; use the Host alias, host name or IP address"
            : null;
    }
}
