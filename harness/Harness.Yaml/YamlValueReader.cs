using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Yaml;

/// <summary>
/// Reads typed values out of the YAML nodes of one file. Every failure is a <see cref="ScenarioLoadException"/> at the
/// offending node, worded "<c>what</c> must be ..., got ...". <c>what</c> names the value as the user wrote it, e.g.
/// <c>'count'</c>.
/// </summary>
public sealed partial class YamlValueReader(string file)
{
    private const string DurationExamples = "such as 250ms, 2s, 1.5s or 1m";
    private const int ShownValueLength = 40;

    private static readonly Dictionary<string, long> TicksPerDurationUnit = new(StringComparer.Ordinal)
    {
        ["ms"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour,
    };

    public string File { get; } = file;

    public ScenarioLoadException Error(YamlNode node, string reason) => new(File, node.Start, reason);

    public SourcePosition PositionOf(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Whether the node is YAML null: missing, empty, <c>~</c> or <c>null</c> (unquoted).</summary>
    public static bool IsNull([NotNullWhen(false)] YamlNode? node) =>
        node is null
        || (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } scalar
            && scalar.Tag.IsEmpty);

    /// <summary>The node as a message shows it: <c>'text'</c>, <c>the string "3"</c>, <c>a list</c>, <c>nothing</c>...</summary>
    public static string Describe(YamlNode? node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => $"'{Shorten(scalar.Value)}'",
        YamlScalarNode scalar => $"the string \"{Shorten(scalar.Value)}\"",
        YamlSequenceNode { Children.Count: 0 } => "an empty list",
        YamlSequenceNode => "a list",
        YamlMappingNode { Children.Count: 0 } => "an empty mapping",
        YamlMappingNode => "a mapping",
        _ => $"a {node.NodeType}",
    };

    /// <summary>A value for a message: on one line, and cut when long.</summary>
    public static string Shorten(string? text)
    {
        var oneLine = (text ?? string.Empty).Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal);
        return oneLine.Length <= ShownValueLength ? oneLine : string.Concat(oneLine.AsSpan(0, ShownValueLength), "...");
    }

    public YamlMappingReader Mapping(YamlNode node, string what, params IReadOnlyList<string> knownKeys) =>
        node is YamlMappingNode mapping
            ? new YamlMappingReader(this, mapping, mapping, what, knownKeys)
            : throw Error(node, $"{what} must be a mapping, got {Describe(node)}");

    /// <summary>
    /// Like <see cref="Mapping"/>, but a null node reads as an empty mapping (<c>match:</c> with nothing after it). A
    /// required key missing from it is reported at <paramref name="whereMissing"/>.
    /// </summary>
    public YamlMappingReader OptionalMapping(YamlNode? node, YamlNode whereMissing, string what, params IReadOnlyList<string> knownKeys) =>
        IsNull(node) ? new YamlMappingReader(this, new YamlMappingNode(), whereMissing, what, knownKeys) : Mapping(node, what, knownKeys);

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list, got {Describe(node)}");

    /// <summary>A single value or a non-empty list of them (<c>kind: ack</c> or <c>kind: [ack, reply]</c>).</summary>
    public IReadOnlyList<T> OneOrMany<T>(YamlNode node, string what, Func<YamlNode, T> readItem)
    {
        if (node is not YamlSequenceNode list)
        {
            return [readItem(node)];
        }

        return list.Children.Count > 0
            ? [.. list.Children.Select(readItem)]
            : throw Error(node, $"{what} must list at least one value, got an empty list");
    }

    /// <summary>Non-empty text, quoted or not.</summary>
    public string Text(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { Length: > 0 } text } && !IsNull(node)
            ? text
            : throw Error(node, $"{what} must be text, got {Describe(node)}");

    public int Int(YamlNode node, string what, int min = int.MinValue, int max = int.MaxValue) =>
        (int)Integer(node, what, min, max, int.MinValue, int.MaxValue);

    public long Long(YamlNode node, string what, long min = long.MinValue, long max = long.MaxValue) =>
        Integer(node, what, min, max, long.MinValue, long.MaxValue);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>], or [min, max) when <paramref name="maxInclusive"/> is false.</summary>
    public double Double(YamlNode node, string what, double min, double max, bool maxInclusive = true)
    {
        if (PlainText(node) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
            && value >= min
            && (maxInclusive ? value <= max : value < max))
        {
            return value;
        }

        var expected = maxInclusive
            ? string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}")
            : string.Create(CultureInfo.InvariantCulture, $"a number >= {min} and < {max}");
        throw Error(node, $"{what} must be {expected}, got {Describe(node)}");
    }

    public bool Bool(YamlNode node, string what) => PlainText(node) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => throw Error(node, $"{what} must be true or false, got {Describe(node)}"),
    };

    /// <summary>A duration: <c>0</c>, or a number with a unit ms, s, m or h (<c>250ms</c>, <c>1.5s</c>).</summary>
    public TimeSpan Duration(YamlNode node, string what, bool allowZero = true)
    {
        if (node is YamlScalarNode { Value: { } text } && TryParseDuration(text, out var duration) && (allowZero || duration > TimeSpan.Zero))
        {
            return duration;
        }

        throw Error(node, $"{what} must be {(allowZero ? "a duration" : "a duration > 0")} {DurationExamples}, got {Describe(node)}");
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var match = DurationPattern().Match(text);
        if (!match.Success
            || !decimal.TryParse(match.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        // Compared before multiplying, which could overflow even a decimal.
        var ticksPerUnit = TicksPerDurationUnit[match.Groups["unit"].Value];
        if (amount > TimeSpan.MaxValue.Ticks / (decimal)ticksPerUnit)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(amount * ticksPerUnit));
        return true;
    }

    /// <summary>One of the names in <paramref name="choices"/>.</summary>
    public T Choice<T>(YamlNode node, YamlChoices<T> choices)
    {
        if (node is YamlScalarNode { Value: { } name } && !IsNull(node))
        {
            return choices.TryGet(name, out var value)
                ? value
                : throw Error(node, $"unknown {choices.What} '{Shorten(name)}'; {choices.Expected}");
        }

        throw Error(node, $"'{choices.What}' must be {choices.OneOf}, got {Describe(node)}");
    }

    private long Integer(YamlNode node, string what, long min, long max, long typeMin, long typeMax)
    {
        if (PlainText(node) is { } text
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min
            && value <= max)
        {
            return value;
        }

        var expected = (min > typeMin, max < typeMax) switch
        {
            (true, true) => $"an integer from {min} to {max}",
            (true, false) => $"an integer >= {min}",
            (false, true) => $"an integer <= {max}",
            _ => "an integer",
        };
        throw Error(node, $"{what} must be {expected}, got {Describe(node)}");
    }

    // Numbers and booleans must be unquoted: in YAML (and for the JSON schema) "3" is a string.
    private static string? PlainText(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } scalar && scalar.Tag.IsEmpty ? text : null;

    [GeneratedRegex(@"^(?<amount>\d+(?:\.\d+)?)(?<unit>ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
