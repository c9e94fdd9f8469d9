using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaCluster.Spec.Reading;

/// <summary>Parses config text into YAML documents; a syntax error becomes one SpecError with its line and column.</summary>
internal static class YamlText
{
    public static IReadOnlyList<YamlDocument> Parse(string text, List<SpecError> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var stream = new YamlStream();
        try
        {
            // MergingParser resolves "<<: *anchor" merge keys, which k0sctl's Go YAML library also honours.
            stream.Load(new MergingParser(new Parser(new StringReader(text))));
            return [.. stream.Documents];
        }
        catch (YamlException e)
        {
            problems.Add(new SpecError("", new SourcePosition((int)e.Start.Line, (int)e.Start.Column), Describe(e)));
            return [];
        }
    }

    // YamlDotNet prefixes its messages with the position ("(Line: 3, Col: 5, Idx: 20) - (…): "); the SpecError carries it already.
    private static string Describe(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        message = message.StartsWith("(Line", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        return $"invalid YAML: {message.TrimEnd('.')}";
    }
}
