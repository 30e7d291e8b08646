using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Tests.Shared;

/// <summary>
/// A YAML document as the JSON a schema-aware editor (yaml-language-server) validates: plain scalars resolved by the
/// YAML 1.2 core schema (null, booleans, numbers), quoted ones always strings. Linked into each test project that
/// validates YAML against schemas/.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>The only document of <paramref name="yaml"/>; null for an empty one.</summary>
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    /// <summary>
    /// The line of what a JSON Pointer names in <paramref name="yaml"/>: a mapping entry's key, a list item, or the root
    /// for "". A name the document lacks (a missing required key) is at the mapping that lacks it.
    /// </summary>
    public static int LineOf(string yaml, string pointer)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        YamlNode node = stream.Documents[0].RootNode;
        var line = node.Start.Line;
        foreach (var segment in pointer.Split('/').Skip(1).Select(part => part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            switch (node)
            {
                case YamlMappingNode mapping when mapping.Children.FirstOrDefault(entry => ((YamlScalarNode)entry.Key).Value == segment) is { Key: { } key } entry:
                    (node, line) = (entry.Value, key.Start.Line);
                    break;
                case YamlSequenceNode sequence when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < sequence.Children.Count:
                    node = sequence.Children[index];
                    line = node.Start.Line;
                    break;
                default:
                    return (int)line;
            }
        }

        return (int)line;
    }

    /// <summary>A JSON document as block-style YAML, quoting only the strings YAML would otherwise read as something else.</summary>
    public static string ToYaml(JsonNode? document)
    {
        var text = new StringWriter();
        new YamlStream(new YamlDocument(ToYamlNode(document))).Save(text, assignAnchors: false);
        return text.ToString();
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(entry =>
            KeyValuePair.Create(((YamlScalarNode)entry.Key).Value ?? string.Empty, ToJson(entry.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType}"),
    };

    private static YamlNode ToYamlNode(JsonNode? node) => node switch
    {
        JsonObject mapping => new YamlMappingNode(mapping.Select(entry => KeyValuePair.Create<YamlNode, YamlNode>(new YamlScalarNode(entry.Key), ToYamlNode(entry.Value)))),
        JsonArray sequence => new YamlSequenceNode(sequence.Select(ToYamlNode)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => new YamlScalarNode(value.GetValue<string>())
        {
            Style = Scalar(new YamlScalarNode(value.GetValue<string>()) { Style = ScalarStyle.Plain }) is JsonValue plain && plain.GetValueKind() == JsonValueKind.String
                ? ScalarStyle.Plain
                : ScalarStyle.DoubleQuoted,
        },
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain },
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when CoreNumber().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }

    // The core schema's decimal integers and floats (hexadecimal, octal, .inf and .nan have no JSON form; no file uses them).
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreNumber();
}
