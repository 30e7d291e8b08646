using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Reports.Tests.Support;

/// <summary>One finding: where in the instance, which schema keyword, and what is wrong.</summary>
public sealed record SchemaError(string InstancePath, string SchemaPath, string Message)
{
    public override string ToString() => $"{(InstancePath.Length == 0 ? "/" : InstancePath)}: {Message} ({SchemaPath})";
}

/// <summary>
/// A JSON Schema draft 2020-12 validator for the keywords schemas/result.schema.json uses: type, properties, required,
/// additionalProperties, items, const, enum, minimum, minLength, pattern and local <c>$ref</c>s into <c>$defs</c>
/// (format is an annotation, as 2020-12 says by default). A keyword it does not implement is an error, never
/// skipped, so the schema cannot silently rely on a check that is not made. It also lists the properties of the
/// instance that no <c>properties</c> declares, to prove the schema documents every field.
/// </summary>
/// <remarks>
/// JsonSchema.Net was the first choice, but its dependency JsonPointer.Net is missing from the package registry this
/// project restores from, so it cannot be restored here.
/// </remarks>
public sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "$defs" };

    private readonly JsonElement _root;
    private readonly Dictionary<string, Node> _compiled = new(StringComparer.Ordinal);
    private readonly Node _start;

    private JsonSchemaValidator(JsonElement root)
    {
        _root = root;
        _start = Compile(root, "#");
    }

    public static JsonSchemaValidator FromText(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        var root = document.RootElement.Clone();
        if (root.GetProperty("$schema").GetString() != "https://json-schema.org/draft/2020-12/schema")
        {
            throw new InvalidOperationException("only draft 2020-12 schemas are supported");
        }

        return new JsonSchemaValidator(root);
    }

    public IReadOnlyList<SchemaError> Validate(JsonElement instance) => Validate(instance, out _);

    public IReadOnlyList<SchemaError> Validate(JsonElement instance, out IReadOnlySet<string> undeclared)
    {
        var errors = new List<SchemaError>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        Check(_start, instance, null, errors, missing);
        undeclared = missing;
        return errors;
    }

    /// <summary>The schema read once into plain objects: checking 100,000 objects then costs no JSON look-ups.</summary>
    private Node Compile(JsonElement schema, string path)
    {
        if (_compiled.TryGetValue(path, out var done))
        {
            return done;
        }

        var node = new Node(path);
        _compiled[path] = node;
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            node.Allows = schema.ValueKind == JsonValueKind.True;
            return node;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var at = path + "/" + keyword.Name;
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    var target = value.GetString()!;
                    node.Reference = Compile(Resolve(target), target);
                    break;
                case "type":
                    node.Types = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(type => type.GetString()!)] : [value.GetString()!];
                    break;
                case "const":
                    node.Const = value.Clone();
                    break;
                case "enum":
                    node.Enum = [.. value.EnumerateArray().Select(choice => choice.Clone())];
                    break;
                case "minimum":
                    node.Minimum = value.GetDouble();
                    break;
                case "minLength":
                    node.MinLength = value.GetInt32();
                    break;
                case "pattern":
                    node.Pattern = new Regex(value.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1));
                    break;
                case "required":
                    node.Required = [.. value.EnumerateArray().Select(name => name.GetString()!)];
                    break;
                case "properties":
                    node.Properties = value.EnumerateObject().ToDictionary(property => property.Name, property => Compile(property.Value, at + "/" + property.Name), StringComparer.Ordinal);
                    break;
                case "additionalProperties":
                    node.Additional = Compile(value, at);
                    break;
                case "items":
                    node.Items = Compile(value, at);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new InvalidOperationException($"{path}: keyword '{keyword.Name}' is not implemented by this validator");
                    }

                    break;
            }
        }

        return node;
    }

    private static void Check(Node schema, JsonElement instance, Segment? path, List<SchemaError> errors, SortedSet<string> undeclared)
    {
        if (schema.Allows is { } allows)
        {
            if (!allows)
            {
                errors.Add(new SchemaError(Segment.Text(path), schema.Path, "no value is allowed here"));
            }

            return;
        }

        if (schema.Reference is { } reference)
        {
            Check(reference, instance, path, errors, undeclared);
        }

        if (schema.Types is { } types && !types.Any(type => IsType(instance, type)))
        {
            errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/type", $"expected {string.Join(" or ", types)}, got {instance.ValueKind}"));
            return;
        }

        if (schema.Const is { } constant && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/const", $"expected {constant.GetRawText()}, got {Short(instance)}"));
        }

        if (schema.Enum is { } choices && !choices.Any(choice => JsonElement.DeepEquals(choice, instance)))
        {
            errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/enum", $"{Short(instance)} is not one of {string.Join(", ", choices.Select(choice => choice.GetRawText()))}"));
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Number when schema.Minimum is { } minimum && instance.GetDouble() < minimum:
                errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/minimum", $"{instance.GetRawText()} is below {minimum.ToString(CultureInfo.InvariantCulture)}"));
                break;
            case JsonValueKind.String:
                CheckString(schema, instance.GetString()!, path, errors);
                break;
            case JsonValueKind.Object:
                CheckObject(schema, instance, path, errors, undeclared);
                break;
            case JsonValueKind.Array when schema.Items is { } items:
                var index = 0;
                foreach (var item in instance.EnumerateArray())
                {
                    Check(items, item, new Segment(path, null, index++), errors, undeclared);
                }

                break;
        }
    }

    private static void CheckString(Node schema, string text, Segment? path, List<SchemaError> errors)
    {
        if (schema.MinLength is { } minLength && text.EnumerateRunes().Count() < minLength)
        {
            errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/minLength", $"'{text}' is shorter than {minLength.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (schema.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/pattern", $"'{text}' does not match {pattern}"));
        }
    }

    private static void CheckObject(Node schema, JsonElement instance, Segment? path, List<SchemaError> errors, SortedSet<string> undeclared)
    {
        foreach (var name in schema.Required ?? [])
        {
            if (!instance.TryGetProperty(name, out _))
            {
                errors.Add(new SchemaError(Segment.Text(path), schema.Path + "/required", $"required property '{name}' is missing"));
            }
        }

        foreach (var property in instance.EnumerateObject())
        {
            var propertyPath = new Segment(path, property.Name, 0);
            if (schema.Properties is { } properties && properties.TryGetValue(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, propertyPath, errors, undeclared);
            }
            else if (schema.Additional is { } additional)
            {
                Check(additional, property.Value, propertyPath, errors, undeclared);
            }
            else if (schema.Properties is not null)
            {
                // Allowed (readers ignore properties they do not know), but not documented.
                undeclared.Add(Segment.Text(propertyPath, indexes: false));
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"only local references are implemented, got '{reference}'");
        }

        var node = _root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private static bool IsType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        _ => throw new InvalidOperationException($"unknown type '{type}'"),
    };

    // 2020-12: an integer is any number with a zero fractional part (1.0 included).
    private static bool IsInteger(JsonElement number) =>
        number.TryGetInt64(out _) || (number.TryGetDouble(out var value) && Math.Floor(value) == value && !double.IsInfinity(value));

    private static string Short(JsonElement instance)
    {
        var text = instance.GetRawText();
        return text.Length > 60 ? text[..60] + "..." : text;
    }

    private sealed class Node(string path)
    {
        public string Path { get; } = path;

        public bool? Allows { get; set; }

        public Node? Reference { get; set; }

        public string[]? Types { get; set; }

        public JsonElement? Const { get; set; }

        public JsonElement[]? Enum { get; set; }

        public double? Minimum { get; set; }

        public int? MinLength { get; set; }

        public Regex? Pattern { get; set; }

        public string[]? Required { get; set; }

        public Dictionary<string, Node>? Properties { get; set; }

        public Node? Additional { get; set; }

        public Node? Items { get; set; }
    }

    /// <summary>An instance location, turned into text (<c>/scenarios/0/trace/3</c>) only when a finding needs it.</summary>
    private sealed record Segment(Segment? Parent, string? Name, int Index)
    {
        public static string Text(Segment? segment, bool indexes = true)
        {
            var parts = new Stack<string>();
            for (var at = segment; at is not null; at = at.Parent)
            {
                parts.Push(at.Name ?? (indexes ? at.Index.ToString(CultureInfo.InvariantCulture) : "*"));
            }

            return parts.Count == 0 ? string.Empty : "/" + string.Join('/', parts);
        }
    }
}
