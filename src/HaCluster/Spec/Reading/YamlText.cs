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
            stream.Load(new StringReader(text));
            return [.. stream.Documents];
        }
        catch (YamlException e)
        {
            problems.Add(new SpecError("", PositionOf(e, text), $"invalid YAML: {Describe(e)}"));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this when the text ends inside a flow collection.
            var lines = text.Split('\n');
            problems.Add(new SpecError("", new SourcePosition(lines.Length, lines[^1].Length + 1),
                "invalid YAML: the file ends inside a value; is a bracket or quote left open?"));
        }
        return [];
    }

    private static SourcePosition PositionOf(YamlException e, string text)
    {
        // YamlDotNet places a tab-indentation error at the start of the mapping; the tab itself is more use.
        if (e.Message.Contains("tab", StringComparison.Ordinal))
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                if (lines[i][..indent].Contains('\t', StringComparison.Ordinal))
                {
                    return new SourcePosition(i + 1, lines[i].IndexOf('\t', StringComparison.Ordinal) + 1);
                }
            }
        }
        return new SourcePosition((int)e.Start.Line, (int)e.Start.Column);
    }

    // YamlDotNet prefixes its messages with the position ("(Line: 3, Col: 5, Idx: 20) - (…): "); the SpecError carries it already.
    private static string Describe(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        message = message.StartsWith("(Line", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        return message.TrimEnd('.');
    }
}
