using Harness.Cli.Tests.Rendering;

namespace Harness.Cli.Tests;

/// <summary>
/// The harness on a real terminal (a pseudo-terminal made by <c>script</c>): live progress and bordered tables there,
/// and the plain lines of a log as soon as <c>CI</c> is set.
/// </summary>
[NonParallelizable]
public class TerminalOutputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, string?> Interactive = new() { ["CI"] = null, ["TERM"] = "xterm-256color", ["NO_COLOR"] = null };

    private static readonly Dictionary<string, string?> InContinuousIntegration = new() { ["CI"] = "true", ["TERM"] = "xterm-256color" };

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        if (!HarnessProcess.CanMakeTerminals())
        {
            Assert.Ignore("'script' (util-linux) is needed to run the harness on a terminal.");
        }

        _folder = Directory.CreateTempSubdirectory("harness-terminal-");
    }

    [TearDown]
    public void DeleteFolder() => _folder?.Delete(recursive: true);

    [Test]
    public async Task Run_on_a_terminal_shows_live_progress_and_the_same_lines_as_a_log()
    {
        var scenario = QuickScenario();

        var (exitCode, output) = await HarnessProcess.RunInTerminalAsync(Bound, Interactive, "run", scenario, "--report-dir", Reports);

        exitCode.Should().Be(0, output);
        Ansi.StylesAndCursorMoves(output).Should().NotBeEmpty("the progress display is redrawn in place on a terminal");
        var shown = Ansi.Strip(output);
        shown.Should().MatchRegex(@"run +.* [01]/1 done, [01] met", "the display shows the run's count");
        var finished = shown.IndexOf("[1/1] PASS  drop-once", StringComparison.Ordinal);
        finished.Should().BeGreaterThan(0);
        shown.IndexOf("1 of 1 scenario(s) met their expectation", StringComparison.Ordinal).Should().BeGreaterThan(finished, "the summary follows once the display is cleared");
    }

    [Test]
    public async Task Run_on_a_terminal_with_CI_set_writes_plain_lines_only()
    {
        var scenario = QuickScenario();

        var (exitCode, output) = await HarnessProcess.RunInTerminalAsync(Bound, InContinuousIntegration, "run", scenario, "--report-dir", Reports);

        exitCode.Should().Be(0, output);
        Ansi.StylesAndCursorMoves(output).Should().BeEmpty("CI logs get no colours and no redrawing");
        output.Should().Contain("[1/1] PASS  drop-once").And.Contain("1 of 1 scenario(s) met their expectation");
    }

    [Test]
    public async Task List_on_a_terminal_draws_a_bordered_table_of_every_scenario_within_its_width()
    {
        ValidateCommandTests.Write(_folder, "a.yaml", "drop-third-message");
        ValidateCommandTests.Write(_folder, "b.yaml", "plain-soap-loses", extra: "expect: {wcf: session-faults, harness: holds}");

        var (exitCode, output) = await HarnessProcess.RunInTerminalAsync(Bound, Interactive, "list", _folder.FullName);

        exitCode.Should().Be(0, output);
        var lines = ValidateCommandTests.Lines(Ansi.Strip(output));
        lines.Should().Contain(line => line.StartsWith('╭')).And.Contain(line => line.StartsWith('╰'));
        lines.Should().ContainSingle(line => line.StartsWith("│ drop-third-message ", StringComparison.Ordinal));
        lines.Should().ContainSingle(line => line.StartsWith("│ plain-soap-loses ", StringComparison.Ordinal));
        lines.Should().OnlyContain(line => line.Length <= 120, "the table is laid out for the terminal's width");
    }

    [Test]
    public async Task Bench_on_a_terminal_shows_live_progress_then_bordered_tables_within_its_width()
    {
        var json = Path.Combine(_folder.FullName, "bench.json");

        var (exitCode, output) = await HarnessProcess.RunInTerminalAsync(Bound, Interactive, "bench", "--quick", "--json", json);

        exitCode.Should().Be(0, output);
        Ansi.StylesAndCursorMoves(output).Should().NotBeEmpty("the progress display is redrawn in place on a terminal");
        var lines = ValidateCommandTests.Lines(Ansi.Strip(output));
        lines.Should().Contain(line => line.StartsWith("[26/26] loss 1/1: ", StringComparison.Ordinal), "finished runs are listed above the display");
        lines.Count(line => line.StartsWith('╭')).Should().Be(4, "paths, loss, memory and goals");
        lines.Should().Contain(line => line.StartsWith("│ harness client │ direct ", StringComparison.Ordinal));
        lines.Should().OnlyContain(line => line.Length <= 120, "the tables are laid out for the terminal's width");
        File.Exists(json).Should().BeTrue();
    }

    private string Reports => Path.Combine(_folder.FullName, "reports");

    private string QuickScenario()
    {
        var path = Path.Combine(_folder.FullName, "drop-once.yaml");
        File.WriteAllText(path, """
            name: drop-once
            description: terminal test
            client: harness
            settings: {initial-retransmission-timeout: 100ms, min-retransmission-timeout: 50ms}
            workload: {messages: 10}
            faults:
              - match: {kind: application, messages: 3, attempt: first}
                action: drop
            """);
        return path;
    }
}
