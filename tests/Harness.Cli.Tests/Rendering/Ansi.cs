using System.Text.RegularExpressions;

namespace Harness.Cli.Tests.Rendering;

/// <summary>Terminal control sequences in captured output.</summary>
internal static partial class Ansi
{
    /// <summary>The text without control sequences (CSI such as colours and cursor moves, and ESC = / ESC &gt;).</summary>
    public static string Strip(string text) => Sequence().Replace(text, string.Empty);

    /// <summary>
    /// The CSI sequences that style text or move the cursor: what a live display or colours write. The keypad mode the
    /// .NET runtime itself switches on when it starts on a terminal (ESC [ ? 1 h, ESC =) is not among them.
    /// </summary>
    public static IReadOnlyList<string> StylesAndCursorMoves(string text) => [.. StyleOrCursorMove().Matches(text).Select(match => match.Value)];

    [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])", RegexOptions.CultureInvariant)]
    private static partial Regex Sequence();

    [GeneratedRegex(@"\u001b\[[0-9;]*[A-Za-z]", RegexOptions.CultureInvariant)]
    private static partial Regex StyleOrCursorMove();
}
