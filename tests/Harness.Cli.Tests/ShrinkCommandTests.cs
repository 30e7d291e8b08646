using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary>
/// <c>harness shrink</c> as a user runs it: on the folder of a run whose scenario broke a guarantee, it writes the
/// fewest faults that still break it as a scenario file that loads and runs; a folder it cannot use is one line, exit 2.
/// </summary>
[NonParallelizable]
public class ShrinkCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-shrink-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task A_negative_control_that_lost_six_messages_shrinks_to_the_one_drop_that_still_loses_one()
    {
        var runFolder = await RunNegativeControlAsync();

        var (exitCode, output, error) = await HarnessProcess.RunAsync(Bound, "shrink", runFolder, "--scenario", "lossy-unreliable");

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("shrinking lossy-unreliable (harness client, seed 5): 6 fault(s) broke NoAcknowledgedLoss");
        output.Should().Contain("shrunk 6 fault(s) to 1 in ").And.Contain(": rule 1 drop");
        var shrunk = Path.Combine(runFolder, "lossy-unreliable-shrunk.yaml");
        File.Exists(Path.ChangeExtension(shrunk, ".json")).Should().BeTrue("the before/after lists are written beside it");
        var page = Path.ChangeExtension(shrunk, ".html");
        output.Should().Contain($"HTML: {page}");
        (await File.ReadAllTextAsync(page)).Should().Contain("data-testid=\"before-count\">6<").And.Contain("data-testid=\"after-count\">1<").And.Contain("name: lossy-unreliable-shrunk");
        (await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(runFolder)!, "index.html"))).Should().Contain("/lossy-unreliable-shrunk.html\"", "the run's row in the index links the page");

        var validate = await HarnessProcess.RunAsync(Bound, "validate", shrunk);
        validate.ExitCode.Should().Be(0, validate.Output + validate.Error);
        var rerun = await HarnessProcess.RunAsync(Bound, "run", shrunk, "--report-dir", Path.Combine(_folder.FullName, "rerun"));
        rerun.ExitCode.Should().Be(0, "the shrunk negative control still loses a message, as it expects" + rerun.Output + rerun.Error);
    }

    [Test]
    public async Task A_folder_it_cannot_use_is_one_line_and_exit_code_2()
    {
        var runFolder = await RunNegativeControlAsync();

        var notARun = await HarnessProcess.RunAsync(Bound, "shrink", _folder.FullName);
        var nothingUnexpected = await HarnessProcess.RunAsync(Bound, "shrink", runFolder);
        var noSuchScenario = await HarnessProcess.RunAsync(Bound, "shrink", runFolder, "--scenario", "baseline");

        notARun.ExitCode.Should().Be(2);
        notARun.Error.Trim().Should().Be($"harness shrink: {_folder.FullName}: no result.json here; give the folder of a run (reports/<run>)");
        nothingUnexpected.ExitCode.Should().Be(2);
        nothingUnexpected.Error.Should().Contain("no scenario broke a guarantee unexpectedly; --scenario picks one of those that broke one: lossy-unreliable");
        noSuchScenario.ExitCode.Should().Be(2);
        noSuchScenario.Error.Should().Contain("no scenario 'baseline' broke a guarantee; these did: lossy-unreliable");
    }

    [Test]
    public async Task Faults_left_are_weakened_and_shown_before_and_after_and_another_client_can_shrink_the_run()
    {
        // Without a reliable session, one extra copy of a message is already delivered twice: three are not needed.
        var runFolder = await RunAsync("copying-unreliable", """
            name: copying-unreliable
            description: without a reliable session, copies of every tenth message are delivered again
            seed: 7
            settings:
              reliable-session: false
            workload: {messages: 20, operation: one-way, concurrency: 1}
            faults:
              - match: {kind: application, messages: {every: 10}}
                action: {duplicate: {copies: 3}}
            expect: violated
            """, "--client", "harness");

        var (exitCode, output, error) = await HarnessProcess.RunAsync(
            Bound, "shrink", runFolder, "--scenario", "copying-unreliable", "--client", "wcf", "--output", Path.Combine(_folder.FullName, "copying-shrunk.yaml"));

        exitCode.Should().Be(0, output + error);
        output.Should().Contain("shrinking copying-unreliable (wcf client; the run used harness, seed 7): 2 fault(s) broke NoDuplicates");
        output.Should().Contain("weakened to duplicate (1 extra) -> still fails");
        output.Should().MatchRegex(@"shrunk 2 fault\(s\) to 1, 1 of them weakened, in \d+ run\(s\) \(\d+ weakening\)");
        output.Should().Contain(": rule 1 duplicate: duplicate (3 extra) -> duplicate (1 extra)");
        var yaml = await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "copying-shrunk.yaml"));
        yaml.Should().Contain("client: wcf").And.Contain("action: {duplicate: {copies: 1}}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "copying-shrunk.json")));
        summary.RootElement.GetProperty("client").GetString().Should().Be("wcf");
        summary.RootElement.GetProperty("runClient").GetString().Should().Be("harness");
        summary.RootElement.GetProperty("after").EnumerateArray().Should().ContainSingle();
        var fault = summary.RootElement.GetProperty("afterFaults").EnumerateArray().Single();
        fault.GetProperty("before").GetString().Should().Be("duplicate (3 extra)");
        fault.GetProperty("after").GetString().Should().Be("duplicate (1 extra)");
        fault.GetProperty("weakened").GetBoolean().Should().BeTrue();

        var rerun = await HarnessProcess.RunAsync(Bound, "run", Path.Combine(_folder.FullName, "copying-shrunk.yaml"), "--report-dir", Path.Combine(_folder.FullName, "rerun"));
        rerun.ExitCode.Should().Be(0, "the shrunk negative control still delivers a copy, as it expects" + rerun.Output + rerun.Error);
    }

    [Test]
    public async Task A_client_the_scenario_cannot_run_with_is_one_line_and_exit_code_2()
    {
        var runFolder = await RunNegativeControlAsync();

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "shrink", runFolder, "--scenario", "lossy-unreliable", "--client", "wcf");

        exitCode.Should().Be(2);
        error.Trim().Should().StartWith("harness shrink: ").And.Contain("cannot run with --client wcf: ");
    }

    [Test]
    public async Task A_target_that_is_not_an_http_url_is_one_line_and_exit_code_2()
    {
        var runFolder = await RunNegativeControlAsync();

        var (exitCode, _, error) = await HarnessProcess.RunAsync(Bound, "shrink", runFolder, "--scenario", "lossy-unreliable", "--target", "ftp://example.org/rm");

        exitCode.Should().Be(2);
        error.Trim().Should().Be("harness shrink: --target 'ftp://example.org/rm' is not an http(s) URL");
    }

    [Test]
    public async Task Ctrl_C_stops_the_shrink_and_writes_the_smallest_failing_set_found_so_far()
    {
        var runFolder = await RunAsync("lossy-many", """
            name: lossy-many
            description: without a reliable session, every second message dropped is lost
            client: harness
            seed: 5
            settings:
              reliable-session: false
            workload: {messages: 80, operation: one-way, concurrency: 1}
            faults:
              - match: {kind: application, messages: {every: 2}}
                action: drop
            expect: violated
            """);
        await using var shrink = HarnessProcess.Start("shrink", runFolder, "--scenario", "lossy-many");
        await shrink.WaitForLineAsync(line => line.StartsWith("run 1: 40 fault(s) of the run -> still fails", StringComparison.Ordinal), Bound);

        var exitCode = await shrink.InterruptAsync(Bound);

        exitCode.Should().Be(1, shrink.Output + shrink.Error);
        shrink.Output.Should().Contain("(interrupted: smaller may exist); they still break NoAcknowledgedLoss");
        var shrunk = Path.Combine(runFolder, "lossy-many-shrunk.yaml");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(shrunk, ".json")));
        summary.RootElement.GetProperty("interrupted").GetBoolean().Should().BeTrue();
        summary.RootElement.GetProperty("after").GetArrayLength().Should().BeInRange(1, 40);
        var validate = await HarnessProcess.RunAsync(Bound, "validate", shrunk);
        validate.ExitCode.Should().Be(0, "what was written is a whole scenario" + validate.Output + validate.Error);
        (await File.ReadAllTextAsync(Path.ChangeExtension(shrunk, ".html"))).Should().Contain("interrupted (Ctrl+C), so fewer faults may still break it");
    }

    /// <summary>A run of a negative control (no reliable session) that drops six of thirty messages; returns its folder.</summary>
    private Task<string> RunNegativeControlAsync() => RunAsync("lossy-unreliable", """
            name: lossy-unreliable
            description: without a reliable session, every fifth message dropped is lost
            client: harness
            seed: 5
            settings:
              reliable-session: false
            workload: {messages: 30, operation: one-way, concurrency: 1}
            faults:
              - match: {kind: application, messages: {every: 5}}
                action: drop
            expect: violated
            """);

    /// <summary>Runs the scenario <paramref name="yaml"/> (with <paramref name="runArguments"/>); returns the run's folder.</summary>
    private async Task<string> RunAsync(string name, string yaml, params string[] runArguments)
    {
        var scenario = Path.Combine(_folder.FullName, name + ".yaml");
        await File.WriteAllTextAsync(scenario, yaml);
        var reports = Path.Combine(_folder.FullName, "reports-" + name);
        var run = await HarnessProcess.RunAsync(Bound, ["run", scenario, "--report-dir", reports, .. runArguments]);
        run.ExitCode.Should().Be(0, run.Output + run.Error);
        return Directory.GetDirectories(reports).Single();
    }
}
