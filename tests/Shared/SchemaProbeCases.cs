using System.Text.Json.Nodes;

namespace Harness.Tests.Shared;

/// <summary>
/// Documents the schema accepts that use <paramref name="Value"/> at <paramref name="Location"/>: the smallest, and
/// where the schema accepts it, one with every other key of the same mapping too (a loader may refuse a mapping
/// for what it lacks before it reads the value tried).
/// </summary>
public sealed record SchemaUse(string Location, JsonNode? Value, IReadOnlyList<JsonNode> Documents)
{
    public override string ToString() => $"{Location} = {Value?.ToJsonString() ?? "null"}";
}

/// <summary>
/// A mapping the schema defines at <paramref name="Location"/>, the keys it may hold there (over every form the value
/// may take), the names its <c>propertyNames</c> allows (if it says), and a document that adds a key the schema does
/// not define, at <paramref name="UnknownKeyLocation"/>.
/// </summary>
public sealed record SchemaMapping(string Location, IReadOnlyList<string> Keys, IReadOnlyList<string>? PropertyNames, JsonNode Document, string UnknownKeyLocation)
{
    public override string ToString() => Location.Length == 0 ? "/" : Location;
}

/// <summary>A key the schema requires in the mapping at <paramref name="Location"/>, and the smallest document without it.</summary>
public sealed record SchemaRequirement(string Location, string Key, JsonNode Document)
{
    public override string ToString() => $"{(Location.Length == 0 ? "/" : Location)} needs {Key}";
}

/// <summary>
/// A value the schema restricts to <paramref name="Names"/>, and documents with a name it does not define there: the
/// smallest, and where the value is in a mapping, one with every other key of that mapping too.
/// </summary>
public sealed record SchemaChoice(string Location, IReadOnlyList<string> Names, IReadOnlyList<JsonNode> Documents)
{
    public override string ToString() => Location;
}
