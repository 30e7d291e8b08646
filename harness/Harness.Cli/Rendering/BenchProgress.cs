using System.Globalization;
using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Rig;

namespace Harness.Cli.Rendering;

/// <summary>
/// Progress of <c>harness bench</c>: a live display of the bench and the run in progress on a terminal
/// (<see cref="LiveBenchProgress"/>), one line per finished run elsewhere (<see cref="PlainBenchProgress"/>).
/// </summary>
internal abstract class BenchProgress : IBenchListener
{
    public static BenchProgress Create(CommandOutput output) =>
        output.IsLive ? new LiveBenchProgress(output.Console) : new PlainBenchProgress(output.Writer);

    /// <summary>Shows progress while <paramref name="run"/> runs; when it returns, the progress display is gone.</summary>
    public abstract Task<T> TrackAsync<T>(Func<Task<T>> run);

    public abstract void StepStarted(BenchStep step);

    public abstract void CallCompleted(BenchStep step);

    public abstract void StepFinished(BenchStep step, RunMeasurement measurement);

    /// <summary><c>[12/70] paths 2/5: WCF client, plain YARP: 2310 calls/s, p50 3.12 ms (0.9 s)</c>.</summary>
    internal static string FinishedLine(BenchStep step, RunMeasurement run)
    {
        var figures = step.Spec.LossRate > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{run.Delivered}/{run.Calls} delivered, {run.DeliveredPerSecond:0} calls/s, {run.Losses.Dropped} dropped, {run.Losses.Retransmitted} retransmitted")
            : string.Create(CultureInfo.InvariantCulture, $"{run.DeliveredPerSecond:0} calls/s, p50 {run.Latency.P50Ms:0.00} ms");
        return string.Create(CultureInfo.InvariantCulture, $"[{step.Number}/{step.Total}] {step.Label}: {figures} ({run.Elapsed.TotalSeconds:0.0} s)");
    }
}
