using System.Text;

namespace HaCluster.Rendering;

/// <summary>Builds indented config text with \n line endings whatever the platform.</summary>
internal sealed class ConfigText
{
    private const int IndentWidth = 4;
    private readonly StringBuilder text = new();
    private int depth;

    public ConfigText Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', depth * IndentWidth).Append(line);
        }

        text.Append('\n');
        return this;
    }

    /// <summary>A header line with its body indented under it (HAProxy sections).</summary>
    public ConfigText Section(string header, Action<ConfigText> body)
    {
        Line(header);
        Indented(body);
        return this;
    }

    /// <summary>A header and a braced, indented body (keepalived blocks).</summary>
    public ConfigText Block(string header, Action<ConfigText> body)
    {
        Line(header + " {");
        Indented(body);
        return Line("}");
    }

    /// <summary>The text, ending in exactly one newline however the last section ended.</summary>
    public override string ToString() => text.ToString().TrimEnd('\n') + "\n";

    private void Indented(Action<ConfigText> body)
    {
        depth++;
        body(this);
        depth--;
    }
}
