using System.Collections.Concurrent;

namespace HaCluster.Pipeline;

/// <summary>
/// Knows every secret a run handles (VRRP passwords, join tokens) and scrubs them from any text before it
/// reaches a sink, so a secret in an error message or a command's stderr never leaks.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[redacted]";

    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        // Very short values would mask ordinary words; VRRP passwords are validated non-empty.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3)
        {
            secrets.TryAdd(secret, 0);
        }
    }

    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in secrets.Keys.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    public RunEvent Redact(RunEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e with
        {
            Message = Redact(e.Message),
            Action = Redact(e.Action),
            Command = Redact(e.Command),
            Stderr = Redact(e.Stderr),
        };
    }
}
