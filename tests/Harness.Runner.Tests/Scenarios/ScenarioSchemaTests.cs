using System.Text.Json;

using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Scenarios;

/// <summary>
/// schemas/scenario.schema.json (for editors) and the loader accept the same keys and names: a key added to one and
/// not the other fails here.
/// </summary>
public class ScenarioSchemaTests
{
    private const string FaultPlanDefinitions = "fault-plan.schema.json#/$defs/";
    private const string FaultsReference = FaultPlanDefinitions + "faults";

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    private static readonly Lazy<JsonDocument> Schema = new(() => Parse("scenario.schema.json"));

    private static JsonElement Root => Schema.Value.RootElement;

    private static JsonElement Definitions => Root.GetProperty("$defs");

    [Test]
    public void The_schema_is_a_draft_2020_12_json_schema()
    {
        Root.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
    }

    [Test]
    public void The_schema_lists_every_top_level_key_the_loader_accepts_and_requires_name_and_description()
    {
        Keys(Root).Should().Equal(ScenarioLoader.TopLevelKeys);
        Root.GetProperty("required").EnumerateArray().Select(key => key.GetString()).Should().Equal("name", "description");
        Root.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
    }

    [Test]
    public void The_schema_lists_every_settings_and_workload_key_the_loader_accepts()
    {
        Keys(Definitions.GetProperty("settings")).Should().Equal(ScenarioLoader.SettingsKeys);
        Keys(Definitions.GetProperty("workload")).Should().Equal(ScenarioLoader.WorkloadKeys);
    }

    [Test]
    public void The_schema_lists_the_names_of_every_choice_the_loader_accepts()
    {
        var settings = Definitions.GetProperty("settings").GetProperty("properties");
        var topLevel = Root.GetProperty("properties");

        Enum(topLevel.GetProperty("client")).Should().Equal(ScenarioLoader.Clients.Names);
        Enum(topLevel.GetProperty("binding")).Should().Equal(ScenarioLoader.Bindings.Names);
        Enum(topLevel.GetProperty("contract")).Should().Equal(ScenarioLoader.Contracts.Names);
        Enum(Definitions.GetProperty("expectation")).Should().Equal(ScenarioLoader.Expectations.Names);
        Enum(Definitions.GetProperty("workload").GetProperty("properties").GetProperty("operation")).Should().Equal(ScenarioLoader.Operations.Names);
        Enum(settings.GetProperty("message-version")).Should().Equal(ScenarioLoader.MessageVersionNames);
        Enum(settings.GetProperty("reliable-messaging-version")).Should().Equal(ScenarioLoader.ReliableMessagingVersionNames);
    }

    [Test]
    public void Expect_is_one_expectation_or_one_per_client_named_as_the_loader_names_clients()
    {
        var choices = Root.GetProperty("properties").GetProperty("expect").GetProperty("oneOf").EnumerateArray().ToList();

        choices.Should().HaveCount(2);
        choices[0].GetProperty("$ref").GetString().Should().Be("#/$defs/expectation");
        Keys(choices[1]).Should().Equal(ScenarioLoader.Clients.Names);
        choices[1].GetProperty("properties").EnumerateObject()
            .Select(client => client.Value.GetProperty("$ref").GetString())
            .Should().AllBe("#/$defs/expectation");
        choices[1].GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
    }

    [Test]
    public void The_faults_are_the_fault_plan_schemas_own_definition()
    {
        using var faultPlan = Parse("fault-plan.schema.json");

        Root.GetProperty("properties").GetProperty("faults").GetProperty("$ref").GetString().Should().Be(FaultsReference);
        faultPlan.RootElement.GetProperty("$defs").TryGetProperty("faults", out _).Should().BeTrue();
    }

    [Test]
    public void Every_reference_into_the_fault_plan_schema_names_one_of_its_definitions()
    {
        using var faultPlan = Parse("fault-plan.schema.json");
        var faultPlanDefinitions = faultPlan.RootElement.GetProperty("$defs");

        var referencedDefinitions = References(Root)
            .Where(reference => reference.StartsWith(FaultPlanDefinitions, StringComparison.Ordinal))
            .Select(reference => reference[FaultPlanDefinitions.Length..])
            .ToList();

        referencedDefinitions.Should().NotBeEmpty();
        referencedDefinitions.Should().BeSubsetOf(faultPlanDefinitions.EnumerateObject().Select(definition => definition.Name));
    }

    private static IEnumerable<string?> Keys(JsonElement objectSchema) =>
        objectSchema.GetProperty("properties").EnumerateObject().Select(property => property.Name);

    // Numbers (reliable-messaging-version: 2005) compare by their text, as the loader reads them.
    private static IEnumerable<string?> Enum(JsonElement schema) =>
        schema.GetProperty("enum").EnumerateArray().Select(value => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
            property.Name == "$ref" && property.Value.GetString() is { } reference ? [reference] : References(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    private static JsonDocument Parse(string schemaFile) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Value, "schemas", schemaFile)));

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Harness.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Harness.sln above {AppContext.BaseDirectory}.");
    }
}
