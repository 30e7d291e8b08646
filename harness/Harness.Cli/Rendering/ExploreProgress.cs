using System.Globalization;
using Harness.Runner.Exploring;

namespace Harness.Cli.Rendering;

/// <summary>
/// Progress of <c>harness explore</c>: what the space holds and how long it takes, then every failing placement as it
/// is found, with the count done (and failing) either on a live bar on a terminal (<see cref="LiveExploreProgress"/>)
/// or on a plain line every twentieth of the run elsewhere (<see cref="PlainExploreProgress"/>).
/// </summary>
internal abstract class ExploreProgress : IExploreListener
{
    /// <summary>Placements this invocation runs, once planned.</summary>
    protected long ToRun { get; private set; }

    public static ExploreProgress Create(CommandOutput output) =>
        output.IsLive ? new LiveExploreProgress(output.Console) : new PlainExploreProgress(output.Writer);

    /// <summary>Shows progress while <paramref name="run"/> runs; when it returns, the progress display is gone.</summary>
    public abstract Task<T> TrackAsync<T>(Func<Task<T>> run);

    public void Planned(ExplorePlanned planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ToRun = planned.ToRun;
        ShowLine(PlannedLine(planned));
    }

    public void PlacementFinished(PlacementOutcome outcome, long done, long failing)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Failed)
        {
            ShowLine(FailingLine(outcome, done, ToRun));
        }

        ShowCount(done, failing);
    }

    /// <summary><c>[12/60] FAIL drop application #2 session 0: [Order] session 0: ...</c>; FAULT for a faulted session, ERROR for a run not judged.</summary>
    internal static string FailingLine(PlacementOutcome outcome, long done, long total)
    {
        var word = outcome.Violated ? "FAIL " : outcome.Faulted ? "FAULT" : "ERROR";
        var detail = outcome.FirstViolation ?? outcome.Error ?? (outcome.Faulted ? "session faulted: " + outcome.SessionFaults![0] : $"the run ended {outcome.End}");
        return string.Create(CultureInfo.InvariantCulture, $"[{done}/{total}] {word} {string.Join(" + ", outcome.Faults)}: {detail.ReplaceLineEndings(" ")}");
    }

    /// <summary>The space, the estimate and what this invocation runs.</summary>
    internal static string PlannedLine(ExplorePlanned planned) => string.Create(
        CultureInfo.InvariantCulture,
        $"space: {planned.SpaceSize} placement(s){(planned.AlreadyDone > 0 ? $", {planned.AlreadyDone} done before" : string.Empty)}; the fault-free run took {planned.FaultFree.TotalSeconds:0.0} s, "
        + $"so the whole space takes about {Duration(planned.EstimatedFullSpace)}; running {planned.ToRun} now");

    /// <summary><c>45 s</c>, <c>12 min</c>, <c>3.5 h</c>.</summary>
    internal static string Duration(TimeSpan duration) =>
        duration.TotalMinutes < 2 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s")
        : duration.TotalHours < 2 ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.0} h");

    protected abstract void ShowLine(string line);

    protected abstract void ShowCount(long done, long failing);
}
