using System.Globalization;
using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>
/// Explore progress on a terminal: one live bar of the placements done, its description counting the failing ones;
/// each failing placement's line is written above it, and the bar is cleared at the end.
/// </summary>
internal sealed class LiveExploreProgress(IAnsiConsole console) : ExploreProgress
{
    private readonly Lock _gate = new();
    private volatile ProgressContext? _context;
    private ProgressTask? _task;

    public override Task<T> TrackAsync<T>(Func<Task<T>> run) =>
        LiveProgressDisplay.TrackAsync(console, new PercentageColumn(), context => _context = context, run);

    protected override void ShowLine(string line)
    {
        lock (_gate)
        {
            // Through the console, so the live bar moves below the new line instead of being overwritten.
            console.WriteLine(line);
        }
    }

    protected override void ShowCount(long done, long failing)
    {
        lock (_gate)
        {
            if (_context is not { } context)
            {
                return;
            }

            _task ??= context.AddTask("explore", maxValue: Math.Max(1, ToRun));
            _task.Value = done;
            _task.Description = string.Create(CultureInfo.InvariantCulture, $"explore: {done}/{ToRun}, {failing} failing");
        }
    }
}
