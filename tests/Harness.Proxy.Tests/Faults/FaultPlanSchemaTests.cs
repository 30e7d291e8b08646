using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harness.Proxy.Faults.Yaml;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Tests.Faults;

/// <summary>
/// schemas/fault-plan.schema.json (for editors) describes what the loader reads: the fault files of the docs and the
/// fault plans of the scenario library validate, and a broken fault file is refused by the schema and the loader at
/// the same place. That both define the same keys and names is <see cref="FaultFileLoaderMatchesSchemaTests"/>.
/// </summary>
public partial class FaultPlanSchemaTests
{
    /// <summary>Every YAML example of docs/fault-plan.md: each is a whole fault file.</summary>
    private static IEnumerable<TestCaseData> DocumentedFaultFiles() =>
        YamlBlock().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs", "fault-plan.md")))
            .Select((block, index) => new TestCaseData(block.Groups["yaml"].Value).SetArgDisplayNames($"example {index + 1}"));

    /// <summary>The fault plan of every scenario in the library, as the proxy's own file (name, description, seed, faults).</summary>
    private static IEnumerable<TestCaseData> LibraryFaultFiles() =>
        Directory.GetFiles(RepositoryFiles.PathOf("scenarios"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(AsFaultFile(File.ReadAllText(path))).SetArgDisplayNames(Path.GetFileName(path)));

    /// <summary>Fault files broken in one place each, and that place as a JSON Pointer.</summary>
    private static IEnumerable<TestCaseData> BrokenFaultFiles()
    {
        yield return Broken("unknown top-level key", "fault:\n  - action: drop\n", "/fault");
        yield return Broken("seed not an integer", "seed: soon\n", "/seed");
        yield return Broken("faults not a list", "faults: {action: drop}\n", "/faults");
        yield return Broken("rule is a name", "faults:\n  - drop\n", "/faults/0");
        yield return Broken("rule without action", "faults:\n  - name: nothing to do\n", "/faults/0");
        yield return Broken("unknown rule key", "faults:\n  - acton: drop\n", "/faults/0/acton");
        yield return Broken("unknown match key", Rule("match:\n      kinds: ack\n    action: drop"), "/faults/0/match/kinds");
        yield return Broken("unknown direction", Rule("match:\n      direction: sideways\n    action: drop"), "/faults/0/match/direction");
        yield return Broken("unknown kind", Rule("match:\n      kind: acks\n    action: drop"), "/faults/0/match/kind");
        yield return Broken("empty kind list", Rule("match:\n      kind: []\n    action: drop"), "/faults/0/match/kind");
        yield return Broken("message number 0", Rule("match:\n      messages: 0\n    action: drop"), "/faults/0/match/messages");
        yield return Broken("range from message 0", Rule("match:\n      messages: 0-3\n    action: drop"), "/faults/0/match/messages");
        yield return Broken("every with from", Rule("match:\n      messages: {every: 2, from: 3}\n    action: drop"), "/faults/0/match/messages");
        yield return Broken("negative session", Rule("match:\n      session: -1\n    action: drop"), "/faults/0/match/session");
        yield return Broken("unknown attempt", Rule("match:\n      attempt: second\n    action: drop"), "/faults/0/match/attempt");
        yield return Broken("probability above one", Rule("match:\n      probability: 1.5\n    action: drop"), "/faults/0/match/probability");
        yield return Broken("duration without unit", Rule("match:\n      after: 5\n    action: drop"), "/faults/0/match/after");
        yield return Broken("zero window", Rule("match:\n      for: 0s\n    action: drop"), "/faults/0/match/for");
        yield return Broken("zero count", Rule("match:\n      count: 0\n    action: drop"), "/faults/0/match/count");
        yield return Broken("unknown action", Rule("action: dorp"), "/faults/0/action");
        yield return Broken("delay without parameters", Rule("action: delay"), "/faults/0/action");
        yield return Broken("action with two names", Rule("action: {drop: {}, abort: {}}"), "/faults/0/action");
        yield return Broken("unknown answer", Rule("action: {drop: {answer: reset}}"), "/faults/0/action/drop/answer");
        yield return Broken("quoted copies", Rule("action: {duplicate: {copies: \"2\"}}"), "/faults/0/action/duplicate/copies");
        yield return Broken("uniform delay of one duration", Rule("action: {delay: {uniform: [50ms]}}"), "/faults/0/action/delay/uniform");
        yield return Broken("normal delay without stddev", Rule("action: {delay: {normal: {mean: 100ms}}}"), "/faults/0/action/delay/normal");
        yield return Broken("reorder max-hold zero", Rule("action: {reorder: {max-hold: 0s}}"), "/faults/0/action/reorder/max-hold");
        yield return Broken("http error 200", Rule("action: {http-error: {status: 200}}"), "/faults/0/action/http-error/status");
        yield return Broken("abort with a parameter", Rule("action: {abort: {now: true}}"), "/faults/0/action/abort");
        yield return Broken("partition without for", Rule("action: {partition: {answer: abort}}"), "/faults/0/action/partition");
        yield return Broken("corrupt keep with flip", Rule("action: {corrupt: {mode: flip, keep: 0.5}}"), "/faults/0/action/corrupt/keep");
        yield return Broken("corrupt bytes with truncate", Rule("action: {corrupt: {mode: truncate, bytes: 2}}"), "/faults/0/action/corrupt/bytes");
    }

    [TestCaseSource(nameof(DocumentedFaultFiles))]
    public void Every_fault_file_in_the_docs_is_valid(string yaml)
    {
        FaultPlanYaml.ParseProxyText(yaml, "example.yaml").Plan.Rules.Should().NotBeEmpty();
        SchemaFiles.Validate(SchemaFiles.FaultPlan, YamlJson.Parse(yaml)).Should().BeEmpty();
    }

    [TestCaseSource(nameof(LibraryFaultFiles))]
    public void The_fault_plan_of_every_scenario_in_the_library_is_valid(string yaml)
    {
        var load = () => FaultPlanYaml.ParseProxyText(yaml, "scenario-faults.yaml");

        load.Should().NotThrow();
        SchemaFiles.Validate(SchemaFiles.FaultPlan, YamlJson.Parse(yaml)).Should().BeEmpty();
    }

    [TestCaseSource(nameof(BrokenFaultFiles))]
    public void A_broken_fault_file_is_refused_by_the_schema_and_the_loader_at_the_same_place(string yaml, string location)
    {
        var findings = SchemaFiles.Validate(SchemaFiles.FaultPlan, YamlJson.Parse(yaml));
        var load = () => FaultPlanYaml.ParseProxyText(yaml, "broken.yaml");

        findings.Select(finding => finding.InstanceLocation).Should().Contain(location);
        findings.Should().OnlyContain(finding => finding.Concerns(location));
        load.Should().Throw<ScenarioLoadException>().Which.Line.Should().Be(YamlJson.LineOf(yaml, location));
    }

    [Test]
    public void An_action_loads_by_its_bare_name_exactly_when_the_schema_allows_it()
    {
        var definitions = SchemaFiles.Read(SchemaFiles.FaultPlan)["$defs"]!;
        var actions = Names(definitions["actionName"]!);

        actions.Should().NotBeEmpty();
        actions.Where(LoadsAsBareName).Should().BeEquivalentTo(Names(definitions["bareActionName"]!));
    }

    private static IReadOnlyList<string> Names(JsonNode definition) => [.. definition["enum"]!.AsArray().Select(name => name!.GetValue<string>())];

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

    private static string Rule(string body) => $"faults:\n  - {body}\n";

    private static TestCaseData Broken(string what, string yaml, string location) =>
        new TestCaseData("name: broken on purpose\n" + yaml, location).SetArgDisplayNames(what);

    /// <summary>A scenario's name, description, seed and faults, as written: what the proxy reads from a fault file.</summary>
    private static string AsFaultFile(string scenarioYaml)
    {
        var scenario = new YamlStream();
        scenario.Load(new StringReader(scenarioYaml));
        var faultFile = new YamlMappingNode(((YamlMappingNode)scenario.Documents[0].RootNode).Children
            .Where(entry => entry.Key is YamlScalarNode { Value: "name" or "description" or "seed" or "faults" }));
        var text = new StringWriter();
        new YamlStream(new YamlDocument(faultFile)).Save(text, assignAnchors: false);
        return text.ToString();
    }

    [GeneratedRegex("^```yaml\\n(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex YamlBlock();
}
