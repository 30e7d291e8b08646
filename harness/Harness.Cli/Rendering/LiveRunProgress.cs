using System.Collections.Concurrent;
using System.Globalization;
using Harness.Runner.Scenarios;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Harness.Cli.Rendering;

/// <summary>
/// Progress on a terminal: a live display, redrawn in place, with a row for the run (scenarios done and met, time
/// elapsed) and one for each running scenario (its calls so far and its time); finished scenarios' lines are written
/// above it, and the display is cleared when the run ends so that the summary starts on a clean line.
/// </summary>
internal sealed class LiveRunProgress(IAnsiConsole console, int total) : RunProgress(total)
{
    private readonly ConcurrentDictionary<string, ProgressTask> _running = new(StringComparer.Ordinal);
    private volatile ProgressContext? _context;
    private ProgressTask? _run;

    public override Task<T> TrackAsync<T>(Func<Task<T>> run) =>
        LiveProgressDisplay.Create(console, new CountColumn())
            .StartAsync(async context =>
            {
                _run = context.AddTask("run", maxValue: Math.Max(Total, 1)).Tag(RunCount());
                _context = context;
                try
                {
                    return await run().ConfigureAwait(false);
                }
                finally
                {
                    _context = null;
                }
            });

    public override void ScenarioStarted(Scenario scenario, int totalCalls)
    {
        if (_context is { } context)
        {
            _running[scenario.Name] = context.AddTask(Markup.Escape(scenario.Name), maxValue: Math.Max(totalCalls, 1)).Tag("calls");
        }
    }

    public override void CallCompleted(Scenario scenario, bool succeeded)
    {
        if (_running.TryGetValue(scenario.Name, out var task))
        {
            task.Increment(1);
        }
    }

    protected override void ShowFinished(FinishedScenario scenario)
    {
        if (_running.TryRemove(scenario.Name, out var task))
        {
            _context?.RemoveTask(task);
        }

        _run?.Increment(1);
        _run?.Tag(RunCount());

        // Written through the console, so the live display moves below the new line instead of being overwritten.
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[[{scenario.Finished}/{scenario.Total}]] [{Colour(scenario.Verdict)}]{scenario.VerdictWord,-5}[/] {Markup.Escape(scenario.Name)} ({scenario.DurationText} s): {Markup.Escape(scenario.Detail)}"));
    }

    private string RunCount() => string.Create(CultureInfo.InvariantCulture, $"done, {Met} met");

    private static string Colour(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "green",
        Verdict.Skip => "yellow",
        _ => "red",
    };

    /// <summary>"7/10 calls" for a scenario, "3/12 done, 2 met" for the run: the task's value, its maximum and its tag.</summary>
    private sealed class CountColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} {task.Tag}"));
    }
}
