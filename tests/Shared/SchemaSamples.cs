using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.Tests.Shared;

/// <summary>Values a schema accepts, to build probe documents from.</summary>
internal sealed class SchemaSamples(SchemaTree tree)
{
    /// <summary>
    /// The values to try for a schema: every enum value, every form, and values of each type at the edges the schema
    /// allows (the least and greatest number, the shortest text) or that it gives (default, examples).
    /// </summary>
    public List<JsonNode?> Samples(SchemaNode schema, string location)
    {
        var samples = new List<JsonNode?>();
        foreach (var form in tree.Forms(schema))
        {
            var node = form.Node;
            if (node["const"] is { } constant)
            {
                samples.Add(constant.DeepClone());
                continue;
            }

            if (node["enum"] is JsonArray choices)
            {
                samples.AddRange(choices.Select(choice => choice?.DeepClone()));
                continue;
            }

            foreach (var type in SchemaTree.Types(form))
            {
                switch (type)
                {
                    case "null":
                        samples.Add(null);
                        break;
                    case "object":
                        samples.Add(Smallest(form, location));
                        break;
                    case "array":
                        samples.Add(List(form, location));
                        break;
                    case "boolean":
                        samples.Add(true);
                        samples.Add(false);
                        break;
                    case "integer" or "number":
                        samples.AddRange(Numbers(node, type));
                        break;
                    case "string":
                        samples.AddRange(Texts(node, location));
                        break;
                }
            }
        }

        return samples.Count > 0 ? samples : throw new InvalidOperationException($"{location}: no value can be made for this schema");
    }

    public JsonNode? First(SchemaNode schema, string location) => Samples(schema, location)[0];

    /// <summary>
    /// The required keys (with their first sample), <paramref name="holding"/> (null, for the caller to set) and, while
    /// under minProperties, the first other keys.
    /// </summary>
    public JsonObject Smallest(SchemaNode form, string location, string? holding = null)
    {
        var properties = SchemaTree.Properties(form).ToList();
        var smallest = new JsonObject();
        foreach (var name in SchemaTree.Names(form.Node["required"]))
        {
            var property = properties.Single(candidate => candidate.Name == name).Schema;
            smallest[name] = First(property, $"{location}/{SchemaTree.Escape(name)}");
        }

        if (holding is not null)
        {
            smallest[holding] = null;
        }

        var minimum = form.Node["minProperties"] is JsonValue min ? min.GetValue<int>() : 0;
        foreach (var (name, property) in properties.Where(candidate => !smallest.ContainsKey(candidate.Name)))
        {
            if (smallest.Count >= minimum)
            {
                break;
            }

            smallest[name] = First(property, $"{location}/{SchemaTree.Escape(name)}");
        }

        return smallest;
    }

    public JsonArray List(SchemaNode form, string location)
    {
        if (form.Node["prefixItems"] is JsonArray prefix)
        {
            return [.. prefix.Select((item, index) => First(form.At((JsonObject)item!), $"{location}/{index.ToString(CultureInfo.InvariantCulture)}"))];
        }

        if (form.Node["items"] is not JsonObject items)
        {
            return [];
        }

        var count = Math.Max(form.Node["minItems"] is JsonValue min ? min.GetValue<int>() : 1, 1);
        return [.. Enumerable.Range(0, count).Select(_ => First(form.At(items), $"{location}/0"))];
    }

    /// <summary>The default (or first example, or the least allowed), and the greatest allowed where there is one.</summary>
    private static IEnumerable<JsonNode> Numbers(JsonObject node, string type)
    {
        var first = node["default"] as JsonValue
            ?? (node["examples"] as JsonArray)?.FirstOrDefault() as JsonValue
            ?? node["minimum"] as JsonValue
            ?? (node["exclusiveMinimum"] is JsonValue exclusive ? JsonValue.Create(exclusive.GetValue<decimal>() + (type == "integer" ? 1 : 0.5m)) : null)
            ?? JsonValue.Create(1);
        return node["maximum"] is JsonValue maximum && maximum.ToJsonString() != first.ToJsonString()
            ? [first.DeepClone(), maximum.DeepClone()]
            : [first.DeepClone()];
    }

    /// <summary>The default, or every example; a pattern with neither is a question the schema must answer.</summary>
    private static IEnumerable<JsonNode> Texts(JsonObject node, string location)
    {
        if (node["default"] is JsonValue byDefault)
        {
            return [byDefault.DeepClone()];
        }

        if (node["examples"] is JsonArray { Count: > 0 } examples)
        {
            return examples.Select(example => example!.DeepClone());
        }

        if (node.ContainsKey("pattern"))
        {
            throw new InvalidOperationException($"{location}: give the schema 'examples' of this pattern, to try them with the loader");
        }

        // The shortest text allowed: "" where the schema sets no minLength.
        return [new string('x', node["minLength"] is JsonValue min ? min.GetValue<int>() : 0)];
    }
}
