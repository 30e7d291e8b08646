using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Rig;
using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>
/// Bench progress on a terminal: a live display, redrawn in place, with a row for the bench (runs done) and one for
/// the run in progress (its calls); each finished run's line is written above it, and the display is cleared at the
/// end so that the tables start on a clean line.
/// </summary>
internal sealed class LiveBenchProgress(IAnsiConsole console) : BenchProgress
{
    private volatile ProgressContext? _context;
    private ProgressTask? _bench;
    private ProgressTask? _step;

    public override Task<T> TrackAsync<T>(Func<Task<T>> run) =>
        LiveProgressDisplay.TrackAsync(console, new PercentageColumn(), context => _context = context, run);

    public override void StepStarted(BenchStep step)
    {
        if (_context is not { } context)
        {
            return;
        }

        _bench ??= context.AddTask("bench", maxValue: step.Total);
        _step = context.AddTask(Markup.Escape(step.Label), maxValue: Math.Max(step.Spec.TotalCalls, 1));
    }

    public override void CallCompleted(BenchStep step) => _step?.Increment(1);

    public override void StepFinished(BenchStep step, RunMeasurement measurement)
    {
        if (_step is { } finished)
        {
            _context?.RemoveTask(finished);
            _step = null;
        }

        _bench?.Value(step.Number);

        // Written through the console, so the live display moves below the new line instead of being overwritten.
        console.WriteLine(FinishedLine(step, measurement));
    }
}
