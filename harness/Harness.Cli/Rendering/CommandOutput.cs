using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Rendering;

/// <summary>
/// The writer a command was given, as a Spectre console. On an interactive terminal that understands ANSI (and outside
/// CI) it is <see cref="IsLive"/>: colours, borders, the terminal's width, live progress. Anywhere else (output
/// redirected, <c>CI=true</c> or <c>CI=1</c>, a test's writer) it is plain: text only, no escape codes, lines no wider
/// than the terminal or, without one, <see cref="PlainWidth"/>, and no trailing blanks, so that logs stay readable and
/// grep-able.
/// </summary>
internal sealed class CommandOutput
{
    /// <summary>Width of plain output: there is no terminal to ask, and a log viewer shows this much without wrapping.</summary>
    internal const int PlainWidth = 160;

    private CommandOutput(TextWriter writer, IAnsiConsole console, bool isLive)
    {
        Writer = writer;
        Console = console;
        IsLive = isLive;
    }

    /// <summary>The writer the command was given; plain lines go straight to it.</summary>
    public TextWriter Writer { get; }

    /// <summary>The Spectre console over <see cref="Writer"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>True on an interactive ANSI terminal: live displays and styles are shown.</summary>
    public bool IsLive { get; }

    /// <summary>Live when <paramref name="writer"/> is the console's own output on an ANSI terminal outside CI; plain otherwise.</summary>
    public static CommandOutput For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected && !IsContinuousIntegration();
        if (terminal)
        {
            // Redrawing needs only the output to be a terminal (no command here reads input), so redirected input or
            // errors do not turn the live display off.
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.Yes });
            if (console.Profile.Capabilities.Ansi)
            {
                return new CommandOutput(writer, console, isLive: true);
            }
        }

        return Plain(writer);
    }

    /// <summary>
    /// Plain output: no ANSI, no colours, no interaction; CI enrichers (which may turn ANSI on) are not applied. As wide
    /// as the terminal when there is one (<c>CI=true</c> in a terminal), <paramref name="width"/> otherwise.
    /// </summary>
    internal static CommandOutput Plain(TextWriter writer, int width = PlainWidth)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = width;
        }

        console.Profile.Capabilities.Unicode = false;
        return new CommandOutput(writer, console, isLive: false);
    }

    /// <summary>Live output to any writer, as an ANSI terminal of the given size would get it (tests use this).</summary>
    internal static CommandOutput Terminal(TextWriter writer, int width, int height)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = true;
        return new CommandOutput(writer, console, isLive: true);
    }

    /// <summary><c>CI=true</c> or <c>CI=1</c>, as CI services set it.</summary>
    public static bool IsContinuousIntegration() =>
        Environment.GetEnvironmentVariable("CI") is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>
    /// A table with these column headers: with rounded borders and bold headers on a terminal; plain, columns two blanks
    /// apart and no borders, elsewhere (what <c>column -t</c> would make of it).
    /// </summary>
    public Table NewTable(params string[] headers)
    {
        var table = new Table();
        if (IsLive)
        {
            table.Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
            }
        }
        else
        {
            table.Border(TableBorder.None);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(new Text(header)) { Padding = new Padding(0, 0, 2, 0) });
            }
        }

        return table;
    }

    /// <summary>Whether <paramref name="renderable"/> at its natural width leaves at least <paramref name="room"/> columns of the line free.</summary>
    public bool LeavesRoom(IRenderable renderable, int room) =>
        renderable.Measure(RenderOptions.Create(Console), int.MaxValue).Max + room <= Console.Profile.Width;

    /// <summary>Writes a table or grid: rendered by Spectre on a terminal, as plain text lines otherwise.</summary>
    public async Task WriteAsync(IRenderable renderable, CancellationToken cancellationToken)
    {
        if (IsLive)
        {
            Console.Write(renderable);
            return;
        }

        await Writer.WriteAsync(PlainText(renderable).AsMemory(), cancellationToken).ConfigureAwait(false);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The text of Spectre's layout without anything for a terminal: control codes are dropped and so are the blanks
    /// that pad the last cell of a row, which a log would keep as trailing whitespace.
    /// </summary>
    internal string PlainText(IRenderable renderable)
    {
        var text = string.Concat(renderable.GetSegments(Console).Where(segment => !segment.IsControlCode).Select(segment => segment.Text));
        if (text.Length == 0)
        {
            return text;
        }

        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(line => line.TrimEnd());
        return string.Concat(lines.Select(line => line + Writer.NewLine));
    }
}
