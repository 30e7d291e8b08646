using YamlDotNet.Core;

namespace Harness.Yaml;

/// <summary>
/// A scenario or fault file that cannot be loaded. <see cref="Exception.Message"/> is one line,
/// <c>file:line:column: reason</c>, the format editors and CI logs turn into a link to the mistake.
/// </summary>
public sealed class ScenarioLoadException : Exception
{
    /// <summary>An error at a place in the file (line and column are 1-based).</summary>
    public ScenarioLoadException(string file, int line, int column, string reason, Exception? innerException = null)
        : base($"{file}:{line}:{column}: {OneLine(reason)}", innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Reason = OneLine(reason);
    }

    /// <summary>An error at a YamlDotNet mark (node start, syntax error...).</summary>
    public ScenarioLoadException(string file, Mark mark, string reason, Exception? innerException = null)
        : this(file, (int)mark.Line, (int)mark.Column, reason, innerException)
    {
    }

    /// <summary>An error about the whole file, which has no position (it does not exist, cannot be read...): <c>file: reason</c>.</summary>
    public ScenarioLoadException(string file, string reason, Exception? innerException = null)
        : base($"{file}: {OneLine(reason)}", innerException)
    {
        File = file;
        Reason = OneLine(reason);
    }

    public string File { get; }

    /// <summary>1-based; 0 when the error concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>1-based; 0 when the error concerns the whole file.</summary>
    public int Column { get; }

    /// <summary>The message without the file and position.</summary>
    public string Reason { get; }

    /// <summary>Where the error is, or null when it concerns the whole file.</summary>
    public SourcePosition? Position => Line > 0 ? new SourcePosition(File, Line, Column) : null;

    // A message that spans lines would break the file:line:column: format that tools parse.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
