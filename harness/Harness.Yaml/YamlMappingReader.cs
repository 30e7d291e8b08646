using YamlDotNet.RepresentationModel;

namespace Harness.Yaml;

/// <summary>
/// Reads a YAML mapping strictly: on construction, every key must be a known name written once. The typed readers
/// return null for a missing key and fail at the value for a wrong one. Get one from
/// <see cref="YamlValueReader.Mapping"/> or <see cref="YamlValueReader.OptionalMapping"/>.
/// </summary>
public sealed class YamlMappingReader
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly YamlNode _whereMissing;

    internal YamlMappingReader(YamlValueReader values, YamlMappingNode node, YamlNode whereMissing, string what, IReadOnlyList<string> knownKeys)
    {
        Values = values;
        Node = node;
        What = what;
        _whereMissing = whereMissing;
        foreach (var (key, value) in node.Children)
        {
            var name = key is YamlScalarNode { Value.Length: > 0 } scalarKey && !YamlValueReader.IsNull(key)
                ? scalarKey.Value
                : throw values.Error(key, $"keys of {what} must be names, got {YamlValueReader.Describe(key)}");
            if (!knownKeys.Contains(name, StringComparer.Ordinal))
            {
                var expected = knownKeys.Count == 0 ? $"{what} takes no parameters" : $"expected one of {string.Join(", ", knownKeys)}";
                throw values.Error(key, $"unknown key '{YamlValueReader.Shorten(name)}'; {expected}");
            }

            // YamlDotNet rejects most duplicates while loading; this catches the rest (e.g. a plain and a quoted 'a').
            if (!_entries.TryAdd(name, (scalarKey, value)))
            {
                throw values.Error(key, $"duplicate key '{name}'");
            }
        }
    }

    public YamlValueReader Values { get; }

    public YamlMappingNode Node { get; }

    /// <summary>What the mapping is, for messages: <c>a rule</c>, <c>'match'</c>...</summary>
    public string What { get; }

    /// <summary>The keys present, in file order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The key's own node (for errors about the key rather than its value), or null when it is missing.</summary>
    public YamlScalarNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>The value, or null when the key is missing (a key written with no value gives a null scalar, not null).</summary>
    public YamlNode? Optional(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>
    /// The value; a missing key fails at the mapping ("a rule needs 'action'"), followed by <paramref name="hint"/> when
    /// one is given ("e.g. {partition: {for: 3s}}").
    /// </summary>
    public YamlNode Required(string key, string? hint = null) =>
        Optional(key) ?? throw Values.Error(_whereMissing, $"{What} needs '{key}'{(hint is null ? string.Empty : $", {hint}")}");

    /// <summary>Fails when the mapping has none or several of <paramref name="keys"/>; returns the one it has.</summary>
    public string ExactlyOneOf(string example, params IReadOnlyList<string> keys)
    {
        var present = keys.Where(Has).ToList();
        return present.Count switch
        {
            1 => present[0],
            0 => throw Values.Error(_whereMissing, $"{What} needs one of {string.Join(", ", keys)}, e.g. {example}"),
            _ => throw Values.Error(KeyNode(present[1])!, $"{What} takes only one of {string.Join(", ", keys)}; found both '{present[0]}' and '{present[1]}'"),
        };
    }

    public string? Text(string key) => Optional(key) is { } node ? Values.Text(node, Quoted(key)) : null;

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue) => Read(key, (node, what) => Values.Int(node, what, min, max));

    public long? Long(string key, long min = long.MinValue, long max = long.MaxValue) => Read(key, (node, what) => Values.Long(node, what, min, max));

    public double? Double(string key, double min, double max, bool maxInclusive = true) =>
        Read(key, (node, what) => Values.Double(node, what, min, max, maxInclusive));

    public bool? Bool(string key) => Read(key, Values.Bool);

    public TimeSpan? Duration(string key, bool allowZero = true) => Read(key, (node, what) => Values.Duration(node, what, allowZero));

    public T Choice<T>(string key, YamlChoices<T> choices, T defaultValue) =>
        Optional(key) is { } node ? Values.Choice(node, choices) : defaultValue;

    private T? Read<T>(string key, Func<YamlNode, string, T> read)
        where T : struct =>
        Optional(key) is { } node ? read(node, Quoted(key)) : null;

    private static string Quoted(string key) => $"'{key}'";
}
