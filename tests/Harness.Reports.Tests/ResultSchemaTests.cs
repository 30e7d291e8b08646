using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reports.Tests.Support;
using Json.Schema;

namespace Harness.Reports.Tests;

/// <summary>
/// schemas/result.schema.json describes result.json as written: real runs and the big synthetic one validate, every
/// property they hold is documented, and a document missing a field or with one of the wrong type does not validate.
/// </summary>
public sealed class ResultSchemaTests
{
    /// <summary>
    /// The schema with every object closed: where it lists properties and says nothing of others, others are refused.
    /// The schema itself leaves them open (readers ignore what they do not know), so this proves every property
    /// result.json holds is documented, and names the undocumented ones.
    /// </summary>
    private static readonly Lazy<JsonSchema> Documented = new(() =>
    {
        var closed = SchemaFiles.Read(SchemaFiles.Result);
        Close(closed);
        return JsonSchema.FromText(closed.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, SchemaFiles.UriOf(SchemaFiles.Result));
    });

    private static IEnumerable<TestCaseData> Runs()
    {
        yield return new TestCaseData("failing").SetArgDisplayNames("failing");
        yield return new TestCaseData("passing").SetArgDisplayNames("passing");
        yield return new TestCaseData("both").SetArgDisplayNames("both");
        yield return new TestCaseData("error").SetArgDisplayNames("error");
        yield return new TestCaseData("empty").SetArgDisplayNames("empty");
        yield return new TestCaseData("big").SetArgDisplayNames("big");
        yield return new TestCaseData("skipped").SetArgDisplayNames("skipped");
        yield return new TestCaseData("wire-check").SetArgDisplayNames("wire-check");
    }

    [TestCaseSource(nameof(Runs))]
    public void Result_json_is_valid_and_every_property_in_it_is_documented(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RunNamed(name).ResultJsonPath));

        SchemaFiles.Validate(SchemaFiles.Get(SchemaFiles.Result), document.RootElement).Should().BeEmpty();
        SchemaFiles.Validate(Documented.Value, document.RootElement).Should().BeEmpty("the schema documents every property result.json holds");
    }

    [Test]
    public void The_schema_is_a_valid_draft_2020_12_schema()
    {
        var schema = SchemaFiles.Read(SchemaFiles.Result);

        schema["$schema"]!.GetValue<string>().Should().Be(MetaSchemas.Draft202012Id.ToString());
        SchemaFiles.Validate(MetaSchemas.Draft202012, schema).Should().BeEmpty();
    }

    [Test]
    public void A_property_the_schema_does_not_document_is_found_where_it_is()
    {
        var document = Node(ReportRuns.Failing);
        document["scenarios"]![0]!["statistics"]!["retries"] = 3;

        SchemaFiles.Validate(SchemaFiles.Result, document).Should().BeEmpty("readers ignore properties they do not know");
        SchemaFiles.Validate(Documented.Value, document).Should().ContainSingle().Which.InstanceLocation.Should().Be("/scenarios/0/statistics/retries");
    }

    [Test]
    public void A_document_without_schemaVersion_is_invalid()
    {
        var document = Node(ReportRuns.Failing);
        document.AsObject().Remove("schemaVersion");

        var finding = Errors(document).Should().ContainSingle().Subject;
        finding.Keyword.Should().Be("required");
        finding.InstanceLocation.Should().BeEmpty();
        finding.Message.Should().Contain("schemaVersion");
    }

    [Test]
    public void A_newer_schemaVersion_is_invalid()
    {
        var document = Node(ReportRuns.Passing);
        document["schemaVersion"] = 2;

        var finding = Errors(document).Should().ContainSingle().Subject;
        finding.Keyword.Should().Be("const");
        finding.InstanceLocation.Should().Be("/schemaVersion");
    }

    [Test]
    public void Fields_of_the_wrong_type_or_out_of_range_are_invalid()
    {
        var document = Node(ReportRuns.Failing);
        var scenario = document["scenarios"]![0]!;
        scenario["statistics"]!["sent"] = "20";
        scenario["end"] = "finished";
        scenario["trace"]![0]!["direction"] = null;
        scenario["sessions"]![0]!["calls"]![0]!["sequence"] = 1.5;
        document["summary"]!["exitCode"] = 3;
        scenario["client"] = "java";
        scenario["contract"] = "duplex";
        document["options"]!["client"] = "java";

        Errors(document).Select(finding => finding.InstanceLocation).Should().BeEquivalentTo(
            "/scenarios/0/statistics/sent", "/scenarios/0/end", "/scenarios/0/trace/0/direction", "/scenarios/0/sessions/0/calls/0/sequence", "/summary/exitCode",
            "/scenarios/0/client", "/scenarios/0/contract", "/options/client");
    }

    [Test]
    public void Result_json_names_each_scenarios_client_binding_and_contract_and_the_client_override()
    {
        // Real runs: the failing one with the default client, the passing one with the harness's, given as --client.
        using var failing = JsonDocument.Parse(File.ReadAllText(ReportRuns.Failing.ResultJsonPath));
        using var passing = JsonDocument.Parse(File.ReadAllText(ReportRuns.Passing.ResultJsonPath));
        var wcf = failing.RootElement.GetProperty("scenarios")[0];
        var harness = passing.RootElement.GetProperty("scenarios")[0];

        wcf.GetProperty("client").GetString().Should().Be("wcf");
        wcf.GetProperty("binding").GetString().Should().Be("CustomBinding(TextMessageEncodingBindingElement, HttpTransportBindingElement): no reliable session");
        wcf.GetProperty("contract").GetString().Should().Be("mixed");
        failing.RootElement.GetProperty("options").GetProperty("client").ValueKind.Should().Be(JsonValueKind.Null);
        harness.GetProperty("client").GetString().Should().Be("harness");
        harness.GetProperty("binding").GetString().Should().StartWith("the harness's RM source");
        passing.RootElement.GetProperty("options").GetProperty("client").GetString().Should().Be("harness");
    }

    [Test]
    public void A_scenario_without_its_client_binding_or_contract_is_invalid()
    {
        var document = Node(ReportRuns.Passing);
        var scenario = document["scenarios"]![0]!.AsObject();
        scenario.Remove("client");
        scenario.Remove("binding");
        scenario.Remove("contract");

        var finding = Errors(document).Should().ContainSingle().Subject;
        finding.Keyword.Should().Be("required");
        finding.InstanceLocation.Should().Be("/scenarios/0");
        finding.Message.Should().ContainAll("client", "binding", "contract");
    }

    [Test]
    public void Every_property_of_the_report_records_is_required_by_the_schema()
    {
        // The serializer writes every property (nulls included), so the schema requires each one it declares.
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaFiles.PathOf(SchemaFiles.Result)));
        var objects = new[] { schema.RootElement }.Concat(schema.RootElement.GetProperty("$defs").EnumerateObject().Select(definition => definition.Value))
            .Where(definition => definition.TryGetProperty("properties", out _) && definition.TryGetProperty("required", out _));
        foreach (var definition in objects)
        {
            var declared = definition.GetProperty("properties").EnumerateObject().Select(property => property.Name);
            var required = definition.GetProperty("required").EnumerateArray().Select(name => name.GetString());
            required.Should().BeEquivalentTo(declared);
        }
    }

    [Test]
    public void A_second_validator_agrees_when_one_is_installed()
    {
        // Python's jsonschema is a complete draft 2020-12 implementation; the machine image has it, a developer's may not.
        var script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(json.load(open(path))))
                print(path, len(errors))
            """;
        var broken = Path.Combine(ReportRuns.Root, "broken-result.json");
        var document = Node(ReportRuns.Passing);
        document.AsObject().Remove("schemaVersion");
        File.WriteAllText(broken, document.ToJsonString());
        // The big run is left out: Python takes some 20 s over its 100,000 objects.
        string[] files = [ReportRuns.Failing.ResultJsonPath, ReportRuns.Passing.ResultJsonPath, broken];

        var output = RunPython(script, [SchemaFiles.PathOf(SchemaFiles.Result), .. files]);

        output.Should().Equal(files.Select(file => $"{file} {(file == broken ? 1 : 0)}"));
    }

    private static WrittenRun RunNamed(string name) => name switch
    {
        "failing" => ReportRuns.Failing,
        "passing" => ReportRuns.Passing,
        "both" => ReportRuns.Both,
        "error" => ReportRuns.Error,
        "empty" => ReportRuns.Empty,
        "skipped" => ReportRuns.Skipped,
        "wire-check" => ReportRuns.WireCheck,
        _ => ReportRuns.Big,
    };

    private static JsonNode Node(WrittenRun run) => JsonNode.Parse(File.ReadAllText(run.ResultJsonPath))!;

    private static IReadOnlyList<SchemaFinding> Errors(JsonNode document) => SchemaFiles.Validate(SchemaFiles.Result, document);

    /// <summary>Adds <c>additionalProperties: false</c> to every schema object that lists properties and is silent about others.</summary>
    private static void Close(JsonNode? schema)
    {
        switch (schema)
        {
            case JsonObject schemaObject:
                if (schemaObject.ContainsKey("properties") && !schemaObject.ContainsKey("additionalProperties"))
                {
                    schemaObject["additionalProperties"] = false;
                }

                foreach (var (_, value) in schemaObject.ToList())
                {
                    Close(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Close(item);
                }

                break;
        }
    }

    private static List<string> RunPython(string script, string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("python3 is not installed");
            throw;
        }

        using (process)
        {
            var output = process!.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && error.Contains("No module named 'jsonschema'", StringComparison.Ordinal))
            {
                Assert.Ignore("Python's jsonschema package is not installed");
            }

            process.ExitCode.Should().Be(0, error);
            return [.. output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
    }
}
