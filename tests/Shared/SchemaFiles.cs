using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Harness.Tests.Shared;

/// <summary>
/// One reason a document does not validate: where in it (a JSON Pointer, "" for the root), which keyword of the schema
/// (<paramref name="SchemaLocation"/> is that keyword's absolute location), and why.
/// </summary>
internal sealed record SchemaFinding(string InstanceLocation, string Keyword, string SchemaLocation, string Message)
{
    /// <summary>
    /// Whether this finding concerns <paramref name="location"/>: it is there, or on the way to it (a oneOf or a $ref
    /// around it), or inside it. A finding anywhere else blames the wrong part of the document.
    /// </summary>
    public bool Concerns(string location) =>
        InstanceLocation == location
        || location.StartsWith(InstanceLocation + "/", StringComparison.Ordinal)
        || InstanceLocation.StartsWith(location + "/", StringComparison.Ordinal);

    public override string ToString() => $"{(InstanceLocation.Length == 0 ? "/" : InstanceLocation)}: {Message} ({SchemaLocation})";
}

/// <summary>
/// The repository's JSON Schemas (schemas/*.schema.json), built by JsonSchema.Net. Each is built with its file's own
/// URI, so scenario.schema.json's references into fault-plan.schema.json resolve as an editor resolves them.
/// Linked into each test project that validates documents.
/// </summary>
internal static class SchemaFiles
{
    public const string Scenario = "scenario.schema.json";
    public const string FaultPlan = "fault-plan.schema.json";
    public const string Result = "result.schema.json";

    // The fault plan first: the scenario schema refers to it, and references resolve when a schema is built.
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Built = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return new[] { FaultPlan, Scenario, Result }.ToDictionary(file => file, file => Build(file, options), StringComparer.Ordinal);
    });

    public static string PathOf(string file) => RepositoryFiles.PathOf("schemas", file);

    public static JsonSchema Get(string file) => Built.Value[file];

    /// <summary>The schema file as JSON, to read what it declares.</summary>
    public static JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(PathOf(file)))!;

    /// <summary>Every reason <paramref name="document"/> does not validate against the schema; empty when it does.</summary>
    public static IReadOnlyList<SchemaFinding> Validate(string file, JsonNode? document) => Validate(Get(file), document);

    public static IReadOnlyList<SchemaFinding> Validate(JsonSchema schema, JsonNode? document)
    {
        using var parsed = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        return Validate(schema, parsed.RootElement);
    }

    public static IReadOnlyList<SchemaFinding> Validate(JsonSchema schema, JsonElement document)
    {
        // The flag answer is much cheaper (result.json of a big run holds 100,000 objects); the list only to explain a failure.
        if (schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return [];
        }

        var results = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return [.. Failures(results)];
    }

    // Only down failed nodes: a oneOf that holds keeps its failed branches' errors, and an 'if' that fails only picks
    // 'else'; neither is a reason.
    private static IEnumerable<SchemaFinding> Failures(EvaluationResults results) =>
        results.IsValid || results.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)
            ? []
            : (results.Errors ?? new Dictionary<string, string>())
                .Select(error => new SchemaFinding(results.InstanceLocation.ToString(), error.Key, $"{results.SchemaLocation}/{error.Key}", error.Value))
                .Concat(results.Details?.SelectMany(Failures) ?? []);

    /// <summary>
    /// The file's URI, parsed again from its file:/// text: a Uri made from a bare path reads '#' as part of the path, and
    /// "fault-plan.schema.json#/$defs/faults" would then name a file rather than a definition.
    /// </summary>
    public static Uri UriOf(string file) => new(new Uri(PathOf(file)).AbsoluteUri);

    private static JsonSchema Build(string file, BuildOptions options) =>
        JsonSchema.FromText(File.ReadAllText(PathOf(file)), options, UriOf(file));
}
