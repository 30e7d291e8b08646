using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Rendering;

/// <summary>
/// Text that never wraps: in a table cell narrower than the text it is cut and ends with an ellipsis ("..." where the
/// console has no Unicode), so that every row of a table stays one line.
/// </summary>
internal sealed class OneLineText(string text, int minWidth = OneLineText.DefaultMinWidth, Style? style = null) : Renderable
{
    /// <summary>Narrowest the text gets before the table takes room from the other columns.</summary>
    public const int DefaultMinWidth = 20;

    private const string AsciiEllipsis = "...";

    private readonly Segment _segment = new(text.ReplaceLineEndings(" "), style ?? Style.Plain);

    protected override Measurement Measure(RenderOptions options, int maxWidth)
    {
        var width = _segment.CellCount();
        return new Measurement(Math.Min(width, minWidth), Math.Min(width, maxWidth));
    }

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        if (_segment.CellCount() <= maxWidth)
        {
            return [_segment];
        }

        if (options.Unicode)
        {
            return Segment.SplitOverflow(_segment, Overflow.Ellipsis, maxWidth).Take(1);
        }

        if (maxWidth <= AsciiEllipsis.Length)
        {
            return Segment.SplitOverflow(_segment, Overflow.Crop, maxWidth).Take(1);
        }

        var kept = Segment.Truncate(_segment, maxWidth - AsciiEllipsis.Length);
        return [new Segment((kept?.Text ?? string.Empty).TrimEnd() + AsciiEllipsis, _segment.Style)];
    }
}
