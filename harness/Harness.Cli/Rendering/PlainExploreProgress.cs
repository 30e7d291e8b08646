using System.Globalization;

namespace Harness.Cli.Rendering;

/// <summary>Explore progress for logs: whole lines only; the count done every twentieth of the run, and each failing placement.</summary>
internal sealed class PlainExploreProgress(TextWriter output) : ExploreProgress
{
    private readonly Lock _gate = new();

    public override Task<T> TrackAsync<T>(Func<Task<T>> run) => run();

    protected override void ShowLine(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    protected override void ShowCount(long done, long failing)
    {
        // Twenty lines however big the space, so a log of thousands of placements stays readable.
        var every = Math.Max(1, ToRun / 20);
        if (done % every == 0 || done == ToRun)
        {
            ShowLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{ToRun}] explored, {failing} failing"));
        }
    }
}
