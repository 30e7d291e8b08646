using Harness.Runner.Scenarios;
using Harness.Yaml;
using Json.Schema;

namespace Harness.Runner.Tests.Scenarios;

/// <summary>
/// schemas/scenario.schema.json (for editors) describes what the loader reads: every scenario in the library
/// validates, and a broken one is refused by the schema and the loader at the same place. That both define the same
/// keys and names is <see cref="ScenarioLoaderMatchesSchemaTests"/>.
/// </summary>
public class ScenarioSchemaTests
{
    private static IEnumerable<TestCaseData> LibraryScenarios() =>
        Directory.GetFiles(RepositoryFiles.PathOf("scenarios"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(path)));

    /// <summary>Scenarios broken in one place each, and that place as a JSON Pointer.</summary>
    private static IEnumerable<TestCaseData> BrokenScenarios()
    {
        yield return Broken("unknown top-level key", "nmae: typo\n", "/nmae");
        yield return Broken("name with capitals", "", "/name", name: "Drop-Third");
        yield return Broken("missing description", "", "", description: null);
        yield return Broken("seed not an integer", "seed: 1.5\n", "/seed");
        yield return Broken("unknown client", "client: java\n", "/client");
        yield return Broken("unknown binding", "binding: basic\n", "/binding");
        yield return Broken("unknown contract", "contract: duplex\n", "/contract");
        yield return Broken("misspelled settings key", "settings:\n  max-retry-cont: 3\n", "/settings/max-retry-cont");
        yield return Broken("transfer window too large", "settings:\n  max-transfer-window-size: 5000\n", "/settings/max-transfer-window-size");
        yield return Broken("unknown WS-RM version", "settings:\n  reliable-messaging-version: 12\n", "/settings/reliable-messaging-version");
        yield return Broken("bool written yes", "settings:\n  ordered: yes\n", "/settings/ordered");
        yield return Broken("duration without unit", "settings:\n  inactivity-timeout: 10\n", "/settings/inactivity-timeout");
        yield return Broken("misspelled workload key", "workload:\n  sesions: 2\n", "/workload/sesions");
        yield return Broken("quoted number", "workload:\n  messages: \"10\"\n", "/workload/messages");
        yield return Broken("zero concurrency", "workload:\n  concurrency: 0\n", "/workload/concurrency");
        yield return Broken("unknown operation", "workload:\n  operation: duplex\n", "/workload/operation");
        yield return Broken("unknown expectation", "expect: maybe\n", "/expect");
        yield return Broken("expectation for an unknown client", "expect:\n  wcf: holds\n  java: holds\n", "/expect/java");
        yield return Broken("zero time limit", "time-limit: 0s\n", "/time-limit");
        yield return Broken("faults not a list", "faults: {action: drop}\n", "/faults");
        yield return Broken("unknown action", "faults:\n  - action: dorp\n", "/faults/0/action");
        yield return Broken("unknown match kind", "faults:\n  - match:\n      kind: acks\n    action: drop\n", "/faults/0/match/kind");
        yield return Broken("http error 200", "faults:\n  - action:\n      http-error:\n        status: 200\n", "/faults/0/action/http-error/status");
    }

    [Test]
    public void The_schemas_are_valid_draft_2020_12_schemas()
    {
        foreach (var file in new[] { SchemaFiles.Scenario, SchemaFiles.FaultPlan })
        {
            var schema = SchemaFiles.Read(file);
            schema["$schema"]!.GetValue<string>().Should().Be(MetaSchemas.Draft202012Id.ToString(), file);
            SchemaFiles.Validate(MetaSchemas.Draft202012, schema).Should().BeEmpty(file);
        }
    }

    [TestCaseSource(nameof(LibraryScenarios))]
    public void Every_scenario_in_the_library_is_valid(string path)
    {
        var yaml = File.ReadAllText(path);

        ScenarioLoader.Parse(yaml, path).Name.Should().Be(Path.GetFileNameWithoutExtension(path));
        SchemaFiles.Validate(SchemaFiles.Scenario, YamlJson.Parse(yaml)).Should().BeEmpty();
    }

    [TestCaseSource(nameof(BrokenScenarios))]
    public void A_broken_scenario_is_refused_by_the_schema_and_the_loader_at_the_same_place(string yaml, string location)
    {
        var findings = SchemaFiles.Validate(SchemaFiles.Scenario, YamlJson.Parse(yaml));
        var load = () => ScenarioLoader.Parse(yaml, "broken.yaml");

        findings.Select(finding => finding.InstanceLocation).Should().Contain(location);
        findings.Should().OnlyContain(finding => finding.Concerns(location));
        load.Should().Throw<ScenarioLoadException>().Which.Line.Should().Be(YamlJson.LineOf(yaml, location));
    }

    [Test]
    public void A_scenarios_faults_are_the_fault_plans_own_definition()
    {
        // One definition for both files, so a rule reads the same in a scenario and in the proxy's fault file.
        SchemaFiles.Read(SchemaFiles.Scenario)["properties"]!["faults"]!["$ref"]!.GetValue<string>().Should().Be("fault-plan.schema.json#/$defs/faults");
    }

    private static TestCaseData Broken(string what, string body, string location, string? name = "broken", string? description = "broken on purpose") =>
        new TestCaseData(
            (name is null ? string.Empty : $"name: {name}\n") + (description is null ? string.Empty : $"description: {description}\n") + body,
            location)
            .SetArgDisplayNames(what);
}
