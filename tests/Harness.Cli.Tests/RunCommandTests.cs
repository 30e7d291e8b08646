using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary><c>harness run</c> as a user runs it: exit codes, what it prints, the report folder, Ctrl+C.</summary>
[NonParallelizable]
public class RunCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "harness-run-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_scenario_that_meets_its_expectation_exits_0_and_writes_its_report()
    {
        var scenario = Write("drop-once", """
            client: harness
            settings: {initial-retransmission-timeout: 100ms, min-retransmission-timeout: 50ms}
            workload: {messages: 10}
            faults:
              - match: {kind: application, messages: 3, attempt: first}
                action: drop
            """);

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", scenario, "--report-dir", Reports);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("[1/1] PASS  drop-once").And.Contain("1 of 1 scenario(s) met their expectation");
        output.Should().NotContain("\u001b[", "redirected output gets plain lines, no terminal control codes");
        var run = Directory.GetDirectories(Reports).Should().ContainSingle().Subject;
        Path.GetFileName(run).Should().EndWith("-drop-once");
        File.Exists(Path.Combine(run, "report.html")).Should().BeTrue();
        File.Exists(Path.Combine(run, "junit.xml")).Should().BeTrue();
        File.Exists(Path.Combine(Reports, "index.html")).Should().BeTrue();
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "result.json")));
        result.RootElement.GetProperty("summary").GetProperty("exitCode").GetInt32().Should().Be(0);
        result.RootElement.GetProperty("interrupted").GetBoolean().Should().BeFalse();
        result.RootElement.GetProperty("command").GetString().Should().StartWith("harness run ").And.Contain("drop-once.yaml");
        var statistics = result.RootElement.GetProperty("scenarios")[0].GetProperty("statistics");
        statistics.GetProperty("sent").GetInt32().Should().Be(10);
        statistics.GetProperty("retransmissions").GetInt32().Should().BeGreaterThan(0);
        output.Should().Contain("report: " + Path.Combine(run, "report.html"));

        // harness report rebuilds the HTML from result.json alone.
        File.Delete(Path.Combine(run, "report.html"));
        var rebuilt = await HarnessProcess.RunAsync(Bound, "report", run);
        rebuilt.ExitCode.Should().Be(0, rebuilt.Error);
        rebuilt.Output.Trim().Should().Be(Path.Combine(run, "report.html"));
        File.Exists(Path.Combine(run, "report.html")).Should().BeTrue();
    }

    [Test]
    public async Task Report_on_a_folder_without_results_exits_2_with_one_line()
    {
        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "report", _folder);

        exitCode.Should().Be(2);
        error.Trim().Should().Be($"harness report: {_folder}: no result.json in it or in its sub-folders");
    }

    [Test]
    public async Task A_broken_guarantee_exits_1_and_names_the_violations()
    {
        var scenario = Write("unreliable-drop", """
            settings: {reliable-session: false}
            workload: {messages: 10, operation: one-way, concurrency: 1}
            faults:
              - match: {kind: application, messages: 4}
                action: drop
            expect: holds
            """);

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", scenario, "--report-dir", Reports);

        exitCode.Should().Be(1, output + error);
        output.Should().Contain("[1/1] FAIL  unreliable-drop");
        output.Should().Contain("[NoSilentLoss] session 0: call 4");
    }

    [Test]
    public async Task A_malformed_scenario_exits_2_with_one_line_and_runs_nothing()
    {
        var good = Write("good", "workload: {messages: 2}");
        var bad = Path.Combine(_folder, "bad.yaml");
        await File.WriteAllTextAsync(bad, "name: bad\ndescription: d\nworkload: {mesages: 2}\n");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", good, bad, "--report-dir", Reports);

        exitCode.Should().Be(2);
        error.Should().StartWith($"{bad}:3:12: unknown key 'mesages'");
        error.Should().NotContain("   at ");
        output.Should().NotContain("PASS");
        Directory.Exists(Reports).Should().BeFalse("nothing was run");
    }

    [TestCase("--shard", "3/2", "--shard must be i/n")]
    [TestCase("--target", "ftp://x", "is not an http(s) URL")]
    [TestCase("--filter", "nope", "no scenario matches --filter 'nope'")]
    [TestCase("--parallel", "0", "--parallel must be a whole number from 1 to 64, got '0'")]
    [TestCase("--target-max-sessions", "4", "--target-max-sessions describes an external target and needs --target URL")]
    [TestCase("--target-rm", "12", "--target-rm must be one of 2005, 11, got '12'")]
    public async Task A_bad_option_exits_2_with_a_one_line_reason(string option, string value, string reason)
    {
        var scenario = Write("good", "workload: {messages: 2}");

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "run", scenario, option, value, "--report-dir", Reports);

        exitCode.Should().Be(2);
        error.Should().Contain(reason);
        error.Should().NotContain("   at ");
    }

    [Test]
    public async Task A_target_that_does_not_answer_stops_the_run_before_any_scenario_with_one_line()
    {
        var scenario = Write("good", "workload: {messages: 2}");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", scenario, "--target", "http://127.0.0.1:1/journal", "--report-dir", Reports);

        exitCode.Should().Be(2);
        error.Trim().Should().StartWith("harness run: the target http://127.0.0.1:1/journal does not answer (").And.EndWith("nothing was run.").And.NotContain("\n");
        output.Should().NotContain("SKIP").And.NotContain("PASS");
        Directory.Exists(Reports).Should().BeFalse("nothing was run");
    }

    [Test]
    public async Task Filter_and_shard_pick_the_scenarios_and_parallel_runs_them_at_once()
    {
        foreach (var name in new[] { "a-one", "a-two", "a-three", "b-one" })
        {
            Write(name, "workload: {messages: 3}");
        }

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", _folder, "--filter", "a-*", "--shard", "1/2", "--parallel", "2", "--report-dir", Reports);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("running 2 scenario(s), 2 at a time");
        output.Should().Contain("PASS  a-one").And.Contain("PASS  a-two").And.NotContain("a-three").And.NotContain("b-one");
    }

    [Test]
    public async Task Ctrl_C_stops_the_run_and_keeps_a_readable_partial_report()
    {
        Write("a-quick", "workload: {messages: 3}");
        Write("b-slow", """
            workload: {messages: 2000, operation: request-reply, concurrency: 1}
            faults:
              - action: {delay: 10ms}
            time-limit: 5m
            """);
        Write("c-never", "workload: {messages: 3}");
        await using var harness = HarnessProcess.Start("run", _folder, "--report-dir", Reports, "--parallel", "1");
        await harness.WaitForLineAsync(line => line.Contains("PASS  a-quick", StringComparison.Ordinal), Bound);
        await Task.Delay(1000);

        var exitCode = await harness.InterruptAsync(Bound);

        exitCode.Should().Be(1, harness.Output + harness.Error);
        harness.Output.Should().Contain("FAIL  b-slow").And.Contain("interrupted: 2 of 3 run, partial results kept").And.NotContain("c-never");
        var run = Directory.GetDirectories(Reports).Should().ContainSingle().Subject;
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "result.json")));
        result.RootElement.GetProperty("interrupted").GetBoolean().Should().BeTrue();
        var scenarios = result.RootElement.GetProperty("scenarios");
        scenarios.GetArrayLength().Should().Be(2);
        scenarios[1].GetProperty("end").GetString().Should().Be("interrupted");
        scenarios[1].GetProperty("statistics").GetProperty("acknowledged").GetInt32().Should().BeGreaterThan(0, "what happened before Ctrl+C is kept");
    }

    [Test]
    public async Task Target_drives_an_external_service_through_the_fault_proxy()
    {
        var scenario = Write("external", """
            client: harness
            settings: {initial-retransmission-timeout: 100ms, min-retransmission-timeout: 50ms}
            workload: {sessions: 2, messages: 10, operation: request-reply}
            faults:
              - match: {kind: application, messages: 4, attempt: first}
                action: drop
            """);
        var journal = Path.Combine(_folder, "journal.jsonl");
        await using var serve = HarnessProcess.Start("serve", "--port", "0", "--journal", journal);
        var listening = await serve.WaitForLineAsync(line => line.Contains("listening at", StringComparison.Ordinal), Bound);
        var endpoint = listening.Split(' ').First(word => word.StartsWith("http://", StringComparison.Ordinal)).TrimEnd(',', ';');

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "run", scenario, "--target", endpoint, "--report-dir", Reports);

        exitCode.Should().Be(0, output + error);
        output.Should().Contain($"against {endpoint}").And.Contain("PASS  external");
        (await serve.InterruptAsync(Bound)).Should().Be(0, serve.Error);
        File.ReadAllLines(journal).Should().HaveCount(20, "the external service delivered every call once");
    }

    [Test]
    public async Task Run_help_lists_every_option()
    {
        var (exitCode, output, _) = await HarnessProcess.RunAsync(Bound, "run", "--help");

        exitCode.Should().Be(0);
        output.Should().ContainAll("--seed", "--report-dir", "--filter", "--parallel", "--shard", "--target");
    }

    private string Reports => Path.Combine(_folder, "reports");

    [Test]
    public async Task By_default_the_real_WCF_client_runs_and_client_overrides_every_scenario_skipping_those_that_cannot()
    {
        Write("a-both", "workload: {messages: 4}");
        Write("b-wshttp", "binding: wshttp\nworkload: {messages: 4}");
        Write("c-harness-only", "client: harness\nworkload: {messages: 4}");

        var byDefault = await HarnessProcess.RunAsync(Bound, "run", _folder, "--report-dir", Reports);
        var overridden = await HarnessProcess.RunAsync(Bound, "run", _folder, "--report-dir", Reports, "--client", "harness");

        byDefault.ExitCode.Should().Be(0, byDefault.Output + byDefault.Error);
        var clients = await ClientsByScenarioAsync(byDefault.Output);
        clients.Should().Equal(new Dictionary<string, string> { ["a-both"] = "wcf", ["b-wshttp"] = "wcf", ["c-harness-only"] = "harness" });

        overridden.ExitCode.Should().Be(0, overridden.Output + overridden.Error);
        overridden.Output.Should().Contain("skipped b-wshttp with --client harness: it needs WCF's WSHttpBinding");
        (await ClientsByScenarioAsync(overridden.Output)).Should().Equal(new Dictionary<string, string> { ["a-both"] = "harness", ["c-harness-only"] = "harness" });
    }

    /// <summary>Each scenario's client as result.json of the run whose report the output names.</summary>
    private static async Task<Dictionary<string, string>> ClientsByScenarioAsync(string output)
    {
        var report = output.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("report: ", StringComparison.Ordinal))["report: ".Length..];
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(report)!, "result.json")));
        return result.RootElement.GetProperty("scenarios").EnumerateArray()
            .ToDictionary(scenario => scenario.GetProperty("name").GetString()!, scenario => scenario.GetProperty("client").GetString()!);
    }

    private string Write(string name, string body)
    {
        var path = Path.Combine(_folder, name + ".yaml");
        File.WriteAllText(path, $"name: {name}\ndescription: command-line test\n{body}\n");
        return path;
    }
}
