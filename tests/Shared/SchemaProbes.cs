using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.Tests.Shared;

/// <summary>
/// Walks a schema of schemas/ from its root through every property, <c>$ref</c> (into other files too), <c>oneOf</c> /
/// <c>anyOf</c> branch and list item, and makes the documents that check a loader against it: one per property and
/// value the schema defines (every enum value, every form), one per mapping with a key the schema does not define,
/// one per named choice with a name it does not define, and one per required key, left out. Each document is the
/// smallest the schema accepts around the probed place (required keys only), so whatever a loader refuses in it is
/// that place's doing.
/// </summary>
internal sealed class SchemaProbes
{
    /// <summary>The key or name no schema defines.</summary>
    public const string Unknown = "not-in-the-schema";

    private const int MaxDepth = 32;

    private readonly SchemaTree _tree = new();
    private readonly SchemaSamples _samples;
    private readonly string _rootFile;
    private readonly List<SchemaUse> _uses = [];
    private readonly List<SchemaMapping> _mappings = [];
    private readonly List<SchemaChoice> _choices = [];
    private readonly List<SchemaRequirement> _requirements = [];

    private SchemaProbes(string rootFile)
    {
        _rootFile = rootFile;
        _samples = new SchemaSamples(_tree);
        Walk(new SchemaNode(rootFile, _tree.FileRoot(rootFile)), string.Empty, value => value!, placeAmongAll: null, depth: 0);
    }

    public IReadOnlyList<SchemaUse> Uses => _uses;

    public IReadOnlyList<SchemaMapping> Mappings => _mappings;

    public IReadOnlyList<SchemaChoice> Choices => _choices;

    public IReadOnlyList<SchemaRequirement> Requirements => _requirements;

    /// <summary>Every definition the walk went through, as <c>file#/$defs/name</c>.</summary>
    public IReadOnlySet<string> ReachedDefinitions => _tree.ReachedDefinitions;

    public static SchemaProbes For(string rootFile) => new(rootFile);

    /// <param name="place">The smallest document holding a value at <paramref name="location"/>.</param>
    /// <param name="placeAmongAll">The same with every other key of the enclosing mapping; null outside a mapping.</param>
    private void Walk(SchemaNode schema, string location, Func<JsonNode?, JsonNode> place, Func<JsonNode?, JsonNode>? placeAmongAll, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"{location}: the schema nests deeper than {MaxDepth} levels (a reference cycle?)");
        }

        var forms = _tree.Forms(schema).ToList();
        var objects = forms.Where(form => SchemaTree.Types(form).Contains("object")).ToList();
        if (forms.Any(form => form.Node.ContainsKey("enum")))
        {
            var names = forms.SelectMany(form => SchemaTree.Names(form.Node["enum"]))
                .Concat(objects.SelectMany(form => _tree.PropertyNames(form) ?? []))
                .Distinct(StringComparer.Ordinal);
            _choices.Add(new SchemaChoice(location, [.. names], placeAmongAll is null ? [place(Unknown)] : [place(Unknown), placeAmongAll(Unknown)]));
        }

        if (objects.Count > 0)
        {
            var keys = objects.SelectMany(form => SchemaTree.Properties(form).Select(property => property.Name)).Distinct(StringComparer.Ordinal);
            var propertyNames = objects.Select(_tree.PropertyNames).OfType<IReadOnlyList<string>>().SelectMany(names => names).ToList();
            _mappings.Add(new SchemaMapping(
                location,
                [.. keys],
                objects.Any(form => form.Node.ContainsKey("propertyNames")) ? propertyNames : null,
                place(WithUnknownKey(objects[0], location)),
                $"{location}/{Unknown}"));
        }

        foreach (var form in objects)
        {
            WalkProperties(form, location, place, depth);
        }

        foreach (var form in forms.Where(form => SchemaTree.Types(form).Contains("array")))
        {
            WalkItems(form, location, place, depth);
        }
    }

    private void WalkProperties(SchemaNode form, string location, Func<JsonNode?, JsonNode> place, int depth)
    {
        foreach (var required in SchemaTree.Names(form.Node["required"]))
        {
            var without = _samples.Smallest(form, location);
            without.Remove(required);
            _requirements.Add(new SchemaRequirement(location, required, place(without)));
        }

        foreach (var (name, property) in SchemaTree.Properties(form))
        {
            var at = $"{location}/{SchemaTree.Escape(name)}";
            JsonNode PlaceHere(JsonNode? value) => PlaceProperty(form, at, name, value, place);
            JsonNode PlaceAmongAll(JsonNode? value) => place(AllProperties(form, location, name, value));
            foreach (var sample in _samples.Samples(property, at))
            {
                var amongAll = PlaceAmongAll(sample);
                _uses.Add(new SchemaUse(at, sample, SchemaFiles.Validate(_rootFile, amongAll).Count == 0 ? [PlaceHere(sample), amongAll] : [PlaceHere(sample)]));
            }

            Walk(property, at, PlaceHere, PlaceAmongAll, depth + 1);
        }
    }

    private void WalkItems(SchemaNode form, string location, Func<JsonNode?, JsonNode> place, int depth)
    {
        var items = form.Node["prefixItems"] is JsonArray prefix
            ? prefix.Select((item, index) => (Index: index, Schema: form.At((JsonObject)item!)))
            : form.Node["items"] is JsonObject single ? [(Index: 0, Schema: form.At(single))] : [];
        foreach (var (index, item) in items)
        {
            var at = $"{location}/{index.ToString(CultureInfo.InvariantCulture)}";
            JsonNode PlaceHere(JsonNode? value)
            {
                var list = _samples.List(form, at);
                list[index] = value?.DeepClone();
                return place(list);
            }

            foreach (var sample in _samples.Samples(item, at))
            {
                _uses.Add(new SchemaUse(at, sample, [PlaceHere(sample)]));
            }

            Walk(item, at, PlaceHere, placeAmongAll: null, depth + 1);
        }
    }

    /// <summary>
    /// The smallest mapping of this form holding <paramref name="name"/>; where the form's <c>if</c> decides what
    /// else may go with it (corrupt's mode), with the <c>if</c>'s constants too when only then the schema accepts it.
    /// </summary>
    private JsonNode PlaceProperty(SchemaNode form, string location, string name, JsonNode? value, Func<JsonNode?, JsonNode> place)
    {
        var smallest = _samples.Smallest(form, location, name);
        smallest[name] = value?.DeepClone();
        var document = place(smallest);
        if (form.Node["if"] is not JsonObject condition
            || SchemaFiles.Validate(_rootFile, document).Count == 0
            || condition["properties"] is not JsonObject constants)
        {
            return document;
        }

        var withCondition = _samples.Smallest(form, location, name);
        foreach (var (key, constant) in constants)
        {
            if (constant?["const"] is { } fixedValue)
            {
                withCondition[key] = fixedValue.DeepClone();
            }
        }

        withCondition[name] = value?.DeepClone();
        var conditioned = place(withCondition);
        return SchemaFiles.Validate(_rootFile, conditioned).Count == 0 ? conditioned : document;
    }

    /// <summary>Every key of this form, each with its first sample, and <paramref name="name"/> with <paramref name="value"/>.</summary>
    private JsonObject AllProperties(SchemaNode form, string location, string name, JsonNode? value)
    {
        var all = new JsonObject();
        foreach (var (other, property) in SchemaTree.Properties(form))
        {
            all[other] = other == name ? value?.DeepClone() : _samples.First(property, $"{location}/{SchemaTree.Escape(other)}");
        }

        return all;
    }

    /// <summary>The smallest mapping of this form with a key the schema does not define; alone where the form takes one key only.</summary>
    private JsonObject WithUnknownKey(SchemaNode form, string location)
    {
        var smallest = _samples.Smallest(form, location);
        if (form.Node["maxProperties"] is JsonValue max && smallest.Count + 1 > max.GetValue<int>())
        {
            smallest = [];
        }

        smallest[Unknown] = "x";
        return smallest;
    }
}
