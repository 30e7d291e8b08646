using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Tests.Shared;

/// <summary>A subschema and the schema file it is in, which its references are relative to.</summary>
internal readonly record struct SchemaNode(string File, JsonObject Node)
{
    public SchemaNode At(JsonObject node) => new(File, node);
}

/// <summary>
/// The schema files of schemas/ as JSON, read once each, and what a walk through them needs: the forms a value may
/// take (references followed, into other files too), its types, properties and names. Remembers every definition a
/// reference reached.
/// </summary>
internal sealed class SchemaTree
{
    private const int MaxHops = 32;

    private readonly Dictionary<string, JsonObject> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reached = new(StringComparer.Ordinal);

    /// <summary>Every definition a reference reached, as <c>file#/$defs/name</c>.</summary>
    public IReadOnlySet<string> ReachedDefinitions => _reached;

    /// <summary>Every definition <paramref name="file"/> holds, named as <see cref="ReachedDefinitions"/> names them.</summary>
    public static IEnumerable<string> DefinitionsOf(string file) =>
        SchemaFiles.Read(file)["$defs"]!.AsObject().Select(definition => $"{file}#/$defs/{definition.Key}");

    /// <summary>The forms a value may take: the schema itself, or each branch of its oneOf / anyOf; references followed.</summary>
    public IEnumerable<SchemaNode> Forms(SchemaNode schema)
    {
        var resolved = Resolve(schema);
        var branches = resolved.Node["oneOf"] as JsonArray ?? resolved.Node["anyOf"] as JsonArray;
        return branches is null ? [resolved] : branches.SelectMany(branch => Forms(resolved.At((JsonObject)branch!)));
    }

    public static IEnumerable<string> Types(SchemaNode form) => form.Node["type"] switch
    {
        JsonValue single => [single.GetValue<string>()],
        JsonArray several => several.Select(type => type!.GetValue<string>()),
        _ when form.Node.ContainsKey("properties") || form.Node.ContainsKey("propertyNames") => ["object"],
        _ when form.Node.ContainsKey("items") || form.Node.ContainsKey("prefixItems") => ["array"],
        _ => [],
    };

    public static IEnumerable<(string Name, SchemaNode Schema)> Properties(SchemaNode form) =>
        form.Node["properties"] is JsonObject properties
            ? properties.Select(property => (property.Key, form.At((JsonObject)property.Value!)))
            : [];

    public IReadOnlyList<string>? PropertyNames(SchemaNode form) =>
        form.Node["propertyNames"] is JsonObject names
            ? [.. Forms(form.At(names)).SelectMany(name => Names(name.Node["enum"]))]
            : null;

    /// <summary>Enum values and required names as text; numbers by their JSON text, as a loader reads them.</summary>
    public static IEnumerable<string> Names(JsonNode? list) =>
        list is JsonArray array
            ? array.Select(name => name is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : name?.ToJsonString() ?? "null")
            : [];

    private SchemaNode Resolve(SchemaNode schema)
    {
        var current = schema;
        for (var hops = 0; current.Node["$ref"] is JsonValue reference; hops++)
        {
            if (hops > MaxHops)
            {
                throw new InvalidOperationException($"a $ref cycle at {reference}");
            }

            var text = reference.GetValue<string>();
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            var file = hash == 0 ? current.File : text[..(hash < 0 ? text.Length : hash)];
            var pointer = hash < 0 ? string.Empty : text[(hash + 1)..];
            _reached.Add($"{file}#{pointer}");
            JsonNode target = FileRoot(file);
            foreach (var segment in pointer.Split('/').Skip(1))
            {
                target = target[Unescape(segment)] ?? throw new InvalidOperationException($"{text} names nothing");
            }

            current = new SchemaNode(file, (JsonObject)target);
        }

        return current;
    }

    public JsonObject FileRoot(string file)
    {
        if (!_files.TryGetValue(file, out var root))
        {
            root = SchemaFiles.Read(file).AsObject();
            _files[file] = root;
        }

        return root;
    }

    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
