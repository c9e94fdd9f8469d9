using System.Text.RegularExpressions;

namespace HaCluster.Spec.Validation;

/// <summary>Go's duration syntax (k0sctl and k0s write "2m0s", "300s", "1h"): only its shape is checked.</summary>
internal static partial class GoDuration
{
    public static bool IsValid(string text) => text == "0" || Pattern().IsMatch(text);

    [GeneratedRegex(@"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Pattern();
}
