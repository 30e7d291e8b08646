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

    private static readonly HashSet<string> Assertions = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "const", "enum", "minimum", "minLength", "pattern", "$ref",
    };

    private readonly JsonElement _root;

    private JsonSchemaValidator(JsonElement root) => _root = root;

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
        Check(_root, "#", instance, string.Empty, errors, missing);
        undeclared = missing;
        return errors;
    }

    private void Check(JsonElement schema, string schemaPath, JsonElement instance, string path, List<SchemaError> errors, SortedSet<string> undeclared)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new SchemaError(path, schemaPath, "no value is allowed here"));
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
            {
                throw new InvalidOperationException($"{schemaPath}: keyword '{keyword.Name}' is not implemented by this validator");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            Check(Resolve(target), target, instance, path, errors, undeclared);
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(instance, type))
        {
            errors.Add(new SchemaError(path, schemaPath + "/type", $"expected {type.GetRawText()}, got {instance.ValueKind}"));
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add(new SchemaError(path, schemaPath + "/const", $"expected {constant.GetRawText()}, got {instance.GetRawText()}"));
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(choice => JsonElement.DeepEquals(choice, instance)))
        {
            errors.Add(new SchemaError(path, schemaPath + "/enum", $"{Short(instance)} is not one of {choices.GetRawText()}"));
        }

        if (instance.ValueKind == JsonValueKind.Number && schema.TryGetProperty("minimum", out var minimum) && instance.GetDouble() < minimum.GetDouble())
        {
            errors.Add(new SchemaError(path, schemaPath + "/minimum", $"{instance.GetRawText()} is below {minimum.GetRawText()}"));
        }

        if (instance.ValueKind == JsonValueKind.String)
        {
            var text = instance.GetString()!;
            if (schema.TryGetProperty("minLength", out var minLength) && text.EnumerateRunes().Count() < minLength.GetInt32())
            {
                errors.Add(new SchemaError(path, schemaPath + "/minLength", $"'{text}' is shorter than {minLength.GetInt32()}"));
            }

            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(new SchemaError(path, schemaPath + "/pattern", $"'{text}' does not match {pattern.GetString()}"));
            }
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, schemaPath, instance, path, errors, undeclared);
        }

        if (instance.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in instance.EnumerateArray())
            {
                Check(items, schemaPath + "/items", item, path + "/" + index.ToString(CultureInfo.InvariantCulture), errors, undeclared);
                index++;
            }
        }
    }

    private void CheckObject(JsonElement schema, string schemaPath, JsonElement instance, string path, List<SchemaError> errors, SortedSet<string> undeclared)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(name => name.GetString()!))
            {
                if (!instance.TryGetProperty(name, out _))
                {
                    errors.Add(new SchemaError(path, schemaPath + "/required", $"required property '{name}' is missing"));
                }
            }
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            var propertyPath = path + "/" + property.Name;
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, schemaPath + "/properties/" + property.Name, property.Value, propertyPath, errors, undeclared);
            }
            else if (hasAdditional)
            {
                Check(additional, schemaPath + "/additionalProperties", property.Value, propertyPath, errors, undeclared);
            }
            else if (hasProperties)
            {
                // Allowed (readers ignore properties they do not know), but not documented.
                undeclared.Add(Regex.Replace(propertyPath, "/[0-9]+", "/*"));
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

    private static bool HasType(JsonElement instance, JsonElement type) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(one => IsType(instance, one.GetString()!))
            : IsType(instance, type.GetString()!);

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
}
