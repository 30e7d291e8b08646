using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Terminal;

/// <summary>
/// Where a command's output goes, through Spectre.Console: a live terminal gets colour and redrawn status, anything
/// else (a pipe, a file, a test's writer, <c>CI=true</c>) plain lines with no escape codes at a fixed width.
/// </summary>
internal static class TerminalOutput
{
    /// <summary>The width of plain output: wide enough for a table of scenarios, narrow enough for a log.</summary>
    public const int PlainWidth = 159;

    /// <summary>True when <paramref name="output"/> is the console of an interactive terminal outside CI.</summary>
    public static bool IsLive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !IsCi();

    /// <summary>A console writing to <paramref name="output"/>; live only when <see cref="IsLive"/>.</summary>
    public static IAnsiConsole For(TextWriter output)
    {
        var live = IsLive(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!live)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }

    /// <summary>
    /// <paramref name="renderable"/> as plain text lines at <see cref="PlainWidth"/>, without the padding Spectre
    /// leaves at the end of a table's lines (people and tests read these lines).
    /// </summary>
    public static string PlainText(IRenderable renderable)
    {
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = PlainWidth;
        console.Write(renderable);
        return string.Join(Environment.NewLine, text.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(line => line.TrimEnd())) + Environment.NewLine;
    }

    /// <summary>A table in the command line's style: no borders, two spaces between columns, a plain header row.</summary>
    public static Table PlainTable(params IReadOnlyList<string> headers)
    {
        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)).NoWrap().PadLeft(0).PadRight(2));
        }

        table.Columns[^1].PadRight(0);
        return table;
    }

    private static bool IsCi() =>
        Environment.GetEnvironmentVariable("CI") is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
