using Harness.Cli.Rendering;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Tests.Rendering;

/// <summary><see cref="RunProgress"/>: plain lines when output is not a terminal, a live display when it is.</summary>
public class RunProgressTests
{
    private static readonly Scenario Quick = Scenario("drop-once", messages: 10);
    private static readonly Scenario Slow = Scenario("slow-delays", messages: 4);

    [Test]
    public async Task Plain_progress_is_one_line_per_finished_scenario_without_escape_codes()
    {
        using var writer = new StringWriter();
        using var progress = RunProgress.Create(CommandOutput.Plain(writer), total: 2);

        await progress.TrackAsync(() =>
        {
            progress.ScenarioStarted(Quick, 10);
            progress.ScenarioStarted(Slow, 4);
            progress.ScenarioFinished(Result(Quick, met: true, RunEnd.Completed, "held"));
            progress.ScenarioFinished(Result(Slow, met: false, RunEnd.TimedOut, "expected holds, got violated"));
            return Task.FromResult(0);
        });

        ValidateCommandTests.Lines(writer.ToString()).Should().Equal(
            "[1/2] PASS  drop-once (1.5 s): held",
            "[2/2] FAIL  slow-delays (1.5 s): expected holds, got violated");
    }

    [Test]
    public async Task Live_progress_shows_the_run_and_each_running_scenario_with_its_calls()
    {
        using var writer = new StringWriter();
        using var progress = RunProgress.Create(CommandOutput.Terminal(writer, width: 120, height: 30), total: 2);

        await progress.TrackAsync(() =>
        {
            progress.ScenarioStarted(Quick, 10);
            progress.ScenarioStarted(Slow, 4);
            for (var call = 0; call < 3; call++)
            {
                progress.CallCompleted(Quick, succeeded: true);
            }

            return Task.FromResult(0);
        });

        // The display is drawn once more as the run ends, then cleared.
        var text = writer.ToString();
        Ansi.StylesAndCursorMoves(text).Should().NotBeEmpty("a live display redraws itself in place");
        var shown = Ansi.Strip(text);
        shown.Should().MatchRegex(@"run +.* 0/2 done, 0 met")
            .And.MatchRegex(@"drop-once +.* 3/10 calls")
            .And.MatchRegex(@"slow-delays +.* 0/4 calls");
    }

    [Test]
    public async Task Live_progress_writes_each_finished_scenario_as_the_plain_line_with_a_coloured_verdict()
    {
        using var writer = new StringWriter();
        using var progress = RunProgress.Create(CommandOutput.Terminal(writer, width: 120, height: 30), total: 2);

        await progress.TrackAsync(() =>
        {
            progress.ScenarioStarted(Quick, 10);
            progress.ScenarioStarted(Slow, 4);
            progress.ScenarioFinished(Result(Quick, met: true, RunEnd.Completed, "held"));
            progress.ScenarioFinished(Result(Slow, met: false, RunEnd.Error, "the target [x] does not answer"));
            return Task.FromResult(0);
        });

        var text = writer.ToString();
        text.Should().MatchRegex(@"\u001b\[[0-9;]+mPASS", "the verdict is coloured");
        var shown = Ansi.Strip(text);
        shown.Should().Contain("[1/2] PASS  drop-once (1.5 s): held")
            .And.Contain("[2/2] ERROR slow-delays (1.5 s): the target [x] does not answer", "text is shown as it is, never read as markup")
            .And.MatchRegex(@"run +.* 2/2 done, 1 met");
    }

    private static Scenario Scenario(string name, int messages) =>
        ScenarioLoader.Parse($"name: {name}\ndescription: progress test\nworkload: {{messages: {messages}}}\n", name + ".yaml");

    private static ScenarioResult Result(Scenario scenario, bool met, RunEnd end, string outcome) => new()
    {
        Scenario = scenario,
        Seed = scenario.Seed,
        End = end,
        Verdict = new Verdict(met, [], new CheckStatistics(0, 0, 0, 0, 0, new Dictionary<string, int>())),
        ExpectationMet = met,
        Outcome = outcome,
        Error = end == RunEnd.Error ? outcome : null,
        Statistics = new RunStatistics(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>(), 0, LatencyPercentiles.None, TimeSpan.FromSeconds(1.5)),
        History = new RunHistory([], [], []),
        Decisions = [],
        Settings = scenario.Settings,
        Calls = [],
        ClientEvents = [],
        ServiceEvents = [],
        StartedAt = DateTimeOffset.UnixEpoch,
        ClockOrigin = TimeSpan.Zero,
        ProxyClockOffsetMs = 0,
    };
}
