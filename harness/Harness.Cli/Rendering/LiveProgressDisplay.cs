using Spectre.Console;

namespace Harness.Cli.Rendering;

/// <summary>The live display both <c>harness run</c> and <c>harness bench</c> redraw in place on a terminal.</summary>
internal static class LiveProgressDisplay
{
    /// <summary>Spinner, description, bar, <paramref name="count"/> and time elapsed per task; cleared when it ends, so what follows starts on a clean line.</summary>
    public static Progress Create(IAnsiConsole console, ProgressColumn count) =>
        new Progress(console)
            .AutoClear(true)
            .Columns(
                new SpinnerColumn(),
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                count,
                new ElapsedTimeColumn());

    /// <summary>
    /// Runs <paramref name="run"/> under a live display; <paramref name="attach"/> gets its context first and null once
    /// it ends, so listeners called from other threads stop adding to a display that is gone.
    /// </summary>
    public static Task<T> TrackAsync<T>(IAnsiConsole console, ProgressColumn count, Action<ProgressContext?> attach, Func<Task<T>> run) =>
        Create(console, count).StartAsync(async context =>
        {
            attach(context);
            try
            {
                return await run().ConfigureAwait(false);
            }
            finally
            {
                attach(null);
            }
        });
}
