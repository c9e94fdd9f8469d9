using System.Text;

namespace HaCluster.Cli.Commands;

/// <summary>Columns padded to their widest cell, two spaces apart; the last column is not padded.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [headers];

    public TextTable Row(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        rows.Add([.. Enumerable.Range(0, headers.Length).Select(i => i < cells.Length && !string.IsNullOrEmpty(cells[i]) ? cells[i]! : "-")]);
        return this;
    }

    public override string ToString()
    {
        var widths = Enumerable.Range(0, headers.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
