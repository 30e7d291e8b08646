using System.Text.RegularExpressions;

using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Harness.Yaml;

/// <summary>Reads a YAML file into the root node of its single document; every failure is a <see cref="ScenarioLoadException"/>.</summary>
public static partial class YamlSource
{
    /// <summary>
    /// How deeply collections may nest. A scenario needs about six levels; the limit stops hostile input (thousands of
    /// '[') before YamlDotNet's recursive representation model, and the loaders after it, overflow the stack.
    /// </summary>
    public const int MaxNestingDepth = 64;

    /// <summary>The file's text; a missing or unreadable file fails naming the file.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioLoadException(path, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioLoadException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>The root node of the only document, or null when the text holds none (empty, or comments only).</summary>
    public static YamlNode? Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            CheckNestingDepth(yaml, file);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Wrap(e, yaml, file);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (without a position) on some unclosed flow collections.
            var (line, column, reason) = FirstUnclosedBracket(yaml) is { } open
                ? (open.Line, open.Column, $"'{open.Bracket}' is never closed")
                : (1, 1, "the YAML cannot be read: " + e.Message);
            throw new ScenarioLoadException(file, line, column, reason, e);
        }

        return stream.Documents.Count switch
        {
            0 => null,
            1 => stream.Documents[0].RootNode,
            _ => throw new ScenarioLoadException(file, stream.Documents[1].RootNode.Start, "expected a single YAML document, found a second one"),
        };
    }

    /// <summary>
    /// Refuses collections nested deeper than <see cref="MaxNestingDepth"/>, at the first one too deep. YamlDotNet's
    /// event parser keeps its state on a heap stack, so this pass does not recurse however deep the input goes.
    /// </summary>
    private static void CheckNestingDepth(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxNestingDepth:
                    throw new ScenarioLoadException(
                        file, (int)parser.Current.Start.Line, (int)parser.Current.Start.Column, $"nesting deeper than {MaxNestingDepth} levels");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static ScenarioLoadException Wrap(YamlException error, string yaml, string file)
    {
        var duplicate = DuplicateKeyMessage().Match(error.Message);
        var reason = duplicate.Success ? $"duplicate key '{duplicate.Groups["key"].Value}'" : RepeatedSpaces().Replace(error.Message, " ");

        // For a tab, YamlDotNet may point at the start of the enclosing mapping; the tab itself is more useful.
        var (line, column) = error.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)
            ? FirstIndentingTab(yaml, (int)error.Start.Line) ?? ((int)error.Start.Line, (int)error.Start.Column)
            : ((int)error.Start.Line, (int)error.Start.Column);
        return new ScenarioLoadException(file, line, column, reason, error);
    }

    /// <summary>The position of the first tab in the indentation of a line at or after <paramref name="fromLine"/>.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string yaml, int fromLine)
    {
        var lines = yaml.Split('\n');
        for (var index = Math.Max(fromLine, 1) - 1; index < lines.Length; index++)
        {
            var indentation = lines[index].Length - lines[index].TrimStart(' ', '\t').Length;
            var tab = lines[index].IndexOf('\t', 0, indentation);
            if (tab >= 0)
            {
                return (index + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>The first '{' or '[' left open, skipping quoted text and comments; a rough scan, used only once YAML parsing has failed.</summary>
    private static (int Line, int Column, char Bracket)? FirstUnclosedBracket(string yaml)
    {
        var open = new Stack<(int Line, int Column, char Bracket)>();
        var lines = yaml.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            char? quote = null;
            for (var column = 0; column < lines[index].Length; column++)
            {
                var current = lines[index][column];
                if (quote is not null)
                {
                    quote = current == quote ? null : quote;
                }
                else if (current is '"' or '\'')
                {
                    quote = current;
                }
                else if (current == '#')
                {
                    break;
                }
                else if (current is '{' or '[')
                {
                    open.Push((index + 1, column + 1, current));
                }
                else if (current is '}' or ']' && open.Count > 0)
                {
                    open.Pop();
                }
            }
        }

        return open.Count > 0 ? open.Last() : null;
    }

    [GeneratedRegex("^Duplicate key (?<key>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateKeyMessage();

    [GeneratedRegex(" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedSpaces();
}
