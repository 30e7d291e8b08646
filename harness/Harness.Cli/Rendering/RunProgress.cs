using System.Globalization;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Rendering;

/// <summary>
/// Progress of <c>harness run</c>: one line per finished scenario and, while scenarios run, either a live display on a
/// terminal (<see cref="LiveRunProgress"/>) or plain progress lines every ten seconds (<see cref="PlainRunProgress"/>).
/// </summary>
internal abstract class RunProgress : IRunListener, IDisposable
{
    private int _finished;
    private int _met;

    protected RunProgress(int total)
    {
        Total = total;
    }

    /// <summary>Scenarios selected for the run.</summary>
    protected int Total { get; }

    /// <summary>Scenarios that met their expectation so far.</summary>
    protected int Met => Volatile.Read(ref _met);

    /// <summary>Live on a terminal, plain when redirected or in CI (see <see cref="CommandOutput"/>).</summary>
    public static RunProgress Create(CommandOutput output, int total) =>
        output.IsLive ? new LiveRunProgress(output.Console, total) : new PlainRunProgress(output.Writer, total);

    /// <summary>Shows progress while <paramref name="run"/> runs; when it returns, the progress display is gone.</summary>
    public abstract Task<T> TrackAsync<T>(Func<Task<T>> run);

    public abstract void ScenarioStarted(Scenario scenario, int totalCalls);

    public abstract void CallCompleted(Scenario scenario, bool succeeded);

    public void ScenarioFinished(ScenarioResult result)
    {
        var finished = Interlocked.Increment(ref _finished);
        if (result.ExpectationMet)
        {
            Interlocked.Increment(ref _met);
        }

        var verdict = result.ExpectationMet ? Verdict.Pass : result.End switch { RunEnd.Error => Verdict.Error, RunEnd.Skipped => Verdict.Skip, _ => Verdict.Fail };
        ShowFinished(new FinishedScenario(finished, Total, verdict, result.Scenario.Name, result.Statistics.Duration, result.Error ?? result.SkipReason ?? result.Outcome));
    }

    public virtual void Dispose()
    {
    }

    protected abstract void ShowFinished(FinishedScenario scenario);

    /// <summary>The word a finished scenario's line starts with.</summary>
    protected internal enum Verdict
    {
        Pass,
        Fail,
        Error,
        Skip,
    }

    /// <summary>What the line of a finished scenario says.</summary>
    /// <param name="Detail">The error, the reason it was skipped, or its outcome.</param>
    protected internal sealed record FinishedScenario(int Finished, int Total, Verdict Verdict, string Name, TimeSpan Duration, string Detail)
    {
        public string VerdictWord => Verdict.ToString().ToUpperInvariant();

        public string DurationText => Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

        /// <summary><c>[3/10] PASS  drop-once (2.1 s): expected holds, holds</c>: the format users and tests grep.</summary>
        public string PlainLine() =>
            string.Create(CultureInfo.InvariantCulture, $"[{Finished}/{Total}] {VerdictWord,-5} {Name} ({DurationText} s): {Detail}");
    }
}
