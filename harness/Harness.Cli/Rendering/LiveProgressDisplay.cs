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
}
