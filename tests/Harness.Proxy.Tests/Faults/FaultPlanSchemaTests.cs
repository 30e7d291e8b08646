using System.Text.Json;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults;

/// <summary>
/// schemas/fault-plan.schema.json (for editors) and the loader name the same things: a name added to one and not the
/// other fails here.
/// </summary>
public class FaultPlanSchemaTests
{
    private static readonly Lazy<JsonDocument> Schema = new(() => JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("schemas", "fault-plan.schema.json"))));

    private static JsonElement Definitions => Schema.Value.RootElement.GetProperty("$defs");

    [Test]
    public void The_schema_is_a_draft_2020_12_json_schema()
    {
        Schema.Value.RootElement.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
    }

    [Test]
    public void The_schema_lists_every_action_name_the_loader_accepts()
    {
        Enum(Definitions.GetProperty("actionName")).Should().BeEquivalentTo(FaultPlanYaml.ActionNames);
        Keys(Definitions.GetProperty("actionWithParameters")).Should().BeEquivalentTo(FaultPlanYaml.ActionNames);
    }

    [Test]
    public void The_schema_lists_every_kind_name_the_loader_accepts()
    {
        Enum(Definitions.GetProperty("messageKind")).Should().Equal(FaultPlanYaml.MessageKindNames);
    }

    [Test]
    public void The_schema_allows_a_bare_action_name_exactly_when_the_loader_does()
    {
        var bareInSchema = Enum(Definitions.GetProperty("bareActionName"));

        var bareInLoader = FaultPlanYaml.ActionNames.Where(name => LoadsAsBareName(name));

        bareInSchema.Should().BeEquivalentTo(bareInLoader);
    }

    [Test]
    public void The_schema_lists_the_names_of_every_other_choice_the_loader_accepts()
    {
        var match = Definitions.GetProperty("match").GetProperty("properties");
        var corrupt = Definitions.GetProperty("actionWithParameters").GetProperty("properties").GetProperty("corrupt").GetProperty("properties");

        Enum(match.GetProperty("direction")).Should().Equal(FaultMatchYaml.Directions.Names);
        Enum(match.GetProperty("attempt").GetProperty("oneOf")[0]).Should().Equal(FaultMatchYaml.NamedAttempts.Names);
        Enum(Definitions.GetProperty("lostAnswer")).Should().Equal(DropAction.Answers.Names);
        Enum(corrupt.GetProperty("mode")).Should().Equal(CorruptAction.Modes.Names);
    }

    [Test]
    public void The_schema_lists_every_key_the_loader_accepts_in_a_file_a_rule_and_a_match()
    {
        Keys(Schema.Value.RootElement).Should().Equal(FaultPlanYaml.ProxyFileKeys);
        Keys(Definitions.GetProperty("rule")).Should().Equal(FaultPlanYaml.RuleKeys);
        Keys(Definitions.GetProperty("match")).Should().Equal(FaultMatchYaml.Keys);
    }

    private static IEnumerable<string> Keys(JsonElement objectSchema) => objectSchema.GetProperty("properties").EnumerateObject().Select(key => key.Name);

    private static IReadOnlyList<string?> Enum(JsonElement element) => [.. element.GetProperty("enum").EnumerateArray().Select(name => name.GetString())];

    private static bool LoadsAsBareName(string action)
    {
        try
        {
            FaultPlanYaml.ParseProxyText($"faults:\n  - action: {action}\n", "bare.yaml");
            return true;
        }
        catch (ScenarioLoadException)
        {
            return false;
        }
    }
}
