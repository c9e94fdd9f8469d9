using System.Text;

namespace HaCluster.Remote;

/// <summary>
/// The one place that turns values into POSIX shell words. Every remote command is built from argv lists
/// through here, so no user value is ever pasted into shell text.
/// </summary>
public static class ShellQuote
{
    /// <summary>Quotes one word: bare when it only holds characters no shell treats specially, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }
        // Inside single quotes nothing is special except the quote itself, which is closed, escaped and reopened.
        return "'" + word.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes every word and joins them with spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    private static bool IsSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '+' or ',' or '@' or '%';

    /// <summary>Splits a flags string the way a POSIX shell would (quotes and backslashes), or null when quotes are unbalanced.</summary>
    public static IReadOnlyList<string>? Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$')
                {
                    word.Append(text[++i]);
                }
                else
                {
                    word.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    word.Append(text[++i]);
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (quote is not null)
        {
            return null;
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
