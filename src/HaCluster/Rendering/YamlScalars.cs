using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Rendering;

/// <summary>Scalars hactl adds to YAML, written so that k0s (Go YAML, 1.1 rules) reads back the intended type.</summary>
internal static partial class YamlScalars
{
    private static readonly HashSet<string> NonStringWords =
        new(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Plain when YAML reads it back as this same string (10.0.0.1, eth0), double-quoted otherwise ("1.32", "yes").</summary>
    public static YamlScalarNode String(string value) =>
        new(value) { Style = ReadsBackAsString(value) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Int(int value) => new(value.ToString(CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    public static YamlScalarNode Bool(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };

    /// <summary>Conservative: anything that might be a number, date, bool or null is quoted.</summary>
    public static bool ReadsBackAsString(string value) =>
        SafePlain().IsMatch(value) && !NonStringWords.Contains(value) && !NumberOrDate().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex SafePlain();

    [GeneratedRegex("""
        ^(
            [-+]?(0x[0-9a-f_]+|0o?[0-7_]+|0b[01_]+)        # integers in other bases
          | [-+]?([0-9][0-9_]*)?(\.[0-9_]*)?(e[-+]?[0-9]+)? # decimal integers and floats
          | \.(inf|nan)
          | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*                 # timestamps
        )$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NumberOrDate();
}
