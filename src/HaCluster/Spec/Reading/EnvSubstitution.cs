using System.Text;

namespace HaCluster.Spec.Reading;

/// <summary>
/// Substitutes <c>${VAR}</c> and <c>${VAR:-default}</c> from the environment; <c>$$</c> is a literal <c>$</c>.
/// Any other <c>$</c> is left as written, so shell snippets in hooks keep working.
/// </summary>
internal static class EnvSubstitution
{
    /// <summary>The substituted text, or the names of unset variables (each reported, none guessed).</summary>
    public static (string Value, IReadOnlyList<string> Unset) Apply(string text, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return (text, []);
        }
        var result = new StringBuilder(text.Length);
        var unset = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }
            if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            var close = text[i + 1] == '{' ? text.IndexOf('}', i + 2) : -1;
            if (close < 0)
            {
                result.Append(c);
                continue;
            }
            var expression = text[(i + 2)..close];
            var (name, fallback) = Split(expression);
            if (!IsVariableName(name))
            {
                result.Append(c);
                continue;
            }
            var value = getVariable(name);
            if (string.IsNullOrEmpty(value) && fallback is not null)
            {
                value = fallback;
            }
            if (value is null)
            {
                unset.Add(name);
            }
            result.Append(value);
            i = close;
        }
        return (result.ToString(), unset);
    }

    private static (string Name, string? Fallback) Split(string expression)
    {
        var dash = expression.IndexOf(":-", StringComparison.Ordinal);
        return dash < 0 ? (expression, null) : (expression[..dash], expression[(dash + 2)..]);
    }

    internal static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
