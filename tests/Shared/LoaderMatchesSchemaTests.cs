using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Yaml;

namespace Harness.Tests.Shared;

/// <summary>A YAML format: the schema of schemas/ that describes it, and its loader.</summary>
public interface ISchemaFormat
{
    static abstract string SchemaFile { get; }

    /// <summary>Loads the text through the loader's public API; a refusal is a <see cref="ScenarioLoadException"/>.</summary>
    static abstract void Load(string yaml, string file);
}

/// <summary>
/// A format's loader and its schema define the same keys and names, at every level: every property and enum value
/// the schema defines loads, every mapping and named value refuses what the schema does not define, offering in its
/// message exactly what the schema defines there, and the keys the schema requires are the keys the loader needs. Driven by the schema file (<see cref="SchemaProbes"/>), so a
/// key, action or value added to the schema is tried with no change here; black-box, through the loader's public
/// API and its messages, so it holds however the loader is built. Linked into each test project with a loader.
/// </summary>
public abstract partial class LoaderMatchesSchemaTests<TFormat>
    where TFormat : ISchemaFormat
{
    private static readonly Lazy<SchemaProbes> Probes = new(() => SchemaProbes.For(TFormat.SchemaFile));

    public static IEnumerable<TestCaseData> Uses() => Probes.Value.Uses.Select(use => new TestCaseData(use).SetArgDisplayNames(use.ToString()));

    public static IEnumerable<TestCaseData> Mappings() => Probes.Value.Mappings.Select(mapping => new TestCaseData(mapping).SetArgDisplayNames(mapping.ToString()));

    public static IEnumerable<TestCaseData> Requirements() => Probes.Value.Requirements.Select(requirement => new TestCaseData(requirement).SetArgDisplayNames(requirement.ToString()));

    public static IEnumerable<TestCaseData> Choices() => Probes.Value.Choices.Select(choice => new TestCaseData(choice).SetArgDisplayNames(choice.ToString()));

    [Test]
    public void The_walk_reaches_every_definition_of_the_schema()
    {
        Probes.Value.ReachedDefinitions.Should().Contain(SchemaTree.DefinitionsOf(TFormat.SchemaFile));
    }

    [TestCaseSource(nameof(Uses))]
    public void The_loader_knows_every_key_and_name_the_schema_defines(SchemaUse use)
    {
        SchemaFiles.Validate(TFormat.SchemaFile, use.Documents[0]).Should().BeEmpty("the schema accepts the smallest document tried:\n{0}", YamlJson.ToYaml(use.Documents[0]));
        foreach (var document in use.Documents)
        {
            var refusal = Refusal(document, out var yaml);

            // Refusing it for a combination (a setting of the other client, a rule that can never match) needs the key
            // and the value read first. Needing a key, or another type or range, is the schema and the loader disagreeing.
            refusal?.Reason.Should().NotStartWith("unknown ", "the loader knows every key and name of:\n{0}", yaml)
                .And.NotContain(" needs ", "the schema requires every key the loader needs, but accepts:\n{0}", yaml)
                .And.NotContain(" must be ", "the schema allows only values the loader takes, but accepts:\n{0}", yaml);
        }
    }

    [TestCaseSource(nameof(Mappings))]
    public void Every_mapping_refuses_a_key_the_schema_does_not_define_and_offers_the_schemas_keys(SchemaMapping mapping)
    {
        var refusal = Refusal(mapping.Document, out var yaml);

        // Within the mapping: where a value may take several forms, each form refuses it for its own keys.
        SchemaFiles.Validate(TFormat.SchemaFile, mapping.Document).Should().NotBeEmpty().And.OnlyContain(finding => finding.Concerns(mapping.Location));
        refusal.Should().NotBeNull("the loader refuses the unknown key of:\n{0}", yaml);
        refusal!.Line.Should().Be(YamlJson.LineOf(yaml, mapping.UnknownKeyLocation), refusal.Message);
        var offered = Offered(refusal.Reason);
        offered.Should().BeEquivalentTo(mapping.Keys, refusal.Message);
        mapping.PropertyNames?.Should().BeEquivalentTo(mapping.Keys, "the schema's propertyNames allow the keys its properties describe");
    }

    [TestCaseSource(nameof(Requirements))]
    public void Every_key_the_schema_requires_the_loader_needs(SchemaRequirement requirement)
    {
        var refusal = Refusal(requirement.Document, out var yaml);

        SchemaFiles.Validate(TFormat.SchemaFile, requirement.Document).Should().NotBeEmpty();
        refusal.Should().NotBeNull("the loader needs '{0}' in:\n{1}", requirement.Key, yaml);
        refusal!.Reason.Should().Contain(" needs ").And.Contain(requirement.Key);
    }

    [TestCaseSource(nameof(Choices))]
    public void Every_choice_refuses_a_name_the_schema_does_not_define_and_offers_the_schemas_names(SchemaChoice choice)
    {
        // The first document refused for the name: the smallest may be refused first for what its mapping lacks.
        var refusals = choice.Documents.Select(document => (Refusal: Refusal(document, out var yaml), Yaml: yaml)).ToList();
        var (refusal, yaml) = refusals.FirstOrDefault(tried => tried.Refusal?.Reason.StartsWith("unknown ", StringComparison.Ordinal) == true);

        SchemaFiles.Validate(TFormat.SchemaFile, choice.Documents[0]).Should().NotBeEmpty().And.OnlyContain(finding => finding.Concerns(choice.Location));
        refusal.Should().NotBeNull("the loader refuses the unknown name, but said: {0}", string.Join(" / ", refusals.Select(tried => tried.Refusal?.Message ?? "nothing")));
        refusal!.Line.Should().Be(YamlJson.LineOf(yaml, choice.Location), refusal.Message);
        var offered = Offered(refusal.Reason);
        offered.Should().BeEquivalentTo(choice.Names, refusal.Message);
    }

    private static ScenarioLoadException? Refusal(JsonNode document, out string yaml)
    {
        yaml = YamlJson.ToYaml(document);
        try
        {
            TFormat.Load(yaml, "probe.yaml");
            return null;
        }
        catch (ScenarioLoadException refusal)
        {
            return refusal;
        }
    }

    /// <summary>
    /// What the loader offers instead of an unknown key or name: "unknown key 'x'; expected one of a, b" (a list may
    /// end with ", or" something other than a name), or "unknown key 'x'; 'abort' takes no parameters".
    /// </summary>
    private static IReadOnlyList<string> Offered(string reason)
    {
        var match = UnknownNameMessage().Match(reason);
        match.Success.Should().BeTrue("the loader refuses '{0}' as unknown, naming what it knows, but said: {1}", SchemaProbes.Unknown, reason);
        return match.Groups["names"].Success
            ? [.. match.Groups["names"].Value.Split(", ").Where(name => !name.StartsWith("or ", StringComparison.Ordinal))]
            : [];
    }

    [GeneratedRegex($"^unknown .+? '{SchemaProbes.Unknown}'; (?:expected one of (?<names>.+)|.+ takes no parameters)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownNameMessage();
}
